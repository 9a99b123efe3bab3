import { Text } from '@mantine/core';
import { useCurrentUser } from '../../app/auth.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';

/** Placeholder until the home page (the user's day) is built. */
export default function HomePage() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title={user.name} />
      <Text c="dimmed">…</Text>
    </>
  );
}
