/** Being built. */
export default function CampaignWizardPage() {
  return null;
}
