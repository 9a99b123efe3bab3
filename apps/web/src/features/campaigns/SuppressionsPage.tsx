/** Being built. */
export default function SuppressionsPage() {
  return null;
}
