import { Group, SimpleGrid, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../../api/client.ts';
import { useDirectory } from '../../../app/directory.ts';
import { INTERACTION_COLOR, INTERACTION_ICON } from '../../../records/icons.tsx';
import { RelativeTime } from '../../../records/index.ts';
import { EmptyState } from '../../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { recentInteractionsQuery } from '../queries.ts';
import { SectionCard } from './SectionCard.tsx';

type Interaction = Schemas['Interaction'];

/** The latest interactions: type, title, the record it concerns (`linked` draws it), when and by whom. */
export function RecentInteractionsCard({ linked }: { linked: (interaction: Interaction) => ReactNode }) {
  const { t } = useTranslation('home');
  const { t: tc } = useTranslation();
  const { userName } = useDirectory();
  const recent = useQuery(recentInteractionsQuery);
  const items = recent.data?.items ?? [];
  return (
    <SectionCard id="home-interactions" title={t('interactions.title')}>
      <ProblemAlert error={recent.error} />
      {recent.isPending && (
        <Stack gap="xs">
          {[1, 2, 3, 4].map((i) => (
            <Skeleton key={i} height={40} />
          ))}
        </Stack>
      )}
      {recent.isSuccess && items.length === 0 && (
        <EmptyState title={t('interactions.emptyTitle')} hint={t('interactions.emptyHint')} />
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs" verticalSpacing={0}>
        {items.map((i) => {
          const Icon = INTERACTION_ICON[i.type];
          return (
            <Group
              key={i.id}
              gap="sm"
              wrap="nowrap"
              py="xs"
              align="flex-start"
              style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
            >
              <ThemeIcon variant="light" color={INTERACTION_COLOR[i.type]} radius="xl" size="md" aria-hidden>
                <Icon size={16} />
              </ThemeIcon>
              <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                <Text size="sm" fw={500} truncate>
                  {i.title}
                </Text>
                <Group gap="xs" wrap="wrap">
                  <Text size="xs" c="dimmed">
                    {tc(`enums.interactionType.${i.type}`)}
                  </Text>
                  {linked(i)}
                </Group>
              </Stack>
              <Stack gap={0} align="flex-end">
                <RelativeTime value={i.occurredAt} />
                <Text size="xs" c="dimmed" visibleFrom="sm">
                  {t('interactions.by', { name: userName(i.ownerId ?? i.createdBy) })}
                </Text>
              </Stack>
            </Group>
          );
        })}
      </SimpleGrid>
    </SectionCard>
  );
}
