import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { IdentityCard } from './IdentityCard.tsx';
import { PasswordCard } from './PasswordCard.tsx';
import { SessionsCard } from './SessionsCard.tsx';
import { TwoFactorCard } from './TwoFactorCard.tsx';
import { UsageDataCard } from './UsageDataCard.tsx';

export default function ProfilePage() {
  const { t } = useTranslation('profile');
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <Stack gap="md" maw={1100}>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <IdentityCard />
          <PasswordCard />
        </SimpleGrid>
        <TwoFactorCard />
        <SessionsCard />
        <UsageDataCard />
        <Card withBorder padding="lg">
          <Group justify="space-between" wrap="wrap">
            <div>
              <Title order={2} size="h4">
                {t('apiKeysLink.title')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('apiKeysLink.help')}
              </Text>
            </div>
            <Button component={Link} to="/profile/api-keys" variant="light" leftSection={<IconKey size={18} />}>
              {t('apiKeysLink.open')}
            </Button>
          </Group>
        </Card>
      </Stack>
    </>
  );
}
