/** Being built. */
export default function CampaignPage() {
  return null;
}
