import { Group, Progress, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../../api/client.ts';
import { useFormat } from '../../../app/format.ts';
import { EmptyState } from '../../../ui/EmptyState.tsx';
import { SectionCard } from './SectionCard.tsx';

type Summary = Schemas['HomeSummary'];

/** The open pipeline: a bar per stage (its amount against the largest), each a link to the stage's mandates. */
export function PipelineCard({ summary }: { summary: Summary | undefined }) {
  const { t } = useTranslation('home');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const stages = summary?.pipeline ?? [];
  const max = Math.max(1, ...stages.map((s) => Number(s.amount) || 0));
  const empty = summary && stages.every((s) => s.count === 0);
  return (
    <SectionCard id="home-pipeline" title={t('pipeline.title')} link={{ to: '/mandats', label: t('pipeline.all') }}>
      {!summary && (
        <Stack gap="md">
          {[1, 2, 3, 4, 5].map((i) => (
            <Skeleton key={i} height={32} />
          ))}
        </Stack>
      )}
      {empty && <EmptyState title={t('pipeline.emptyTitle')} hint={t('pipeline.emptyHint')} />}
      {summary && !empty && (
        <Stack gap="sm">
          {stages.map((s) => {
            const amount = Number(s.amount) || 0;
            return (
              <UnstyledButton
                key={s.stage}
                component={Link}
                to={`/mandats?mode=list&stage=${s.stage}`}
                aria-label={t('pipeline.bar', {
                  stage: tc(`enums.stage.${s.stage}`),
                  count: s.count,
                  amount: fmt.money(s.amount),
                })}
                data-testid="pipeline-stage"
              >
                <Group justify="space-between" gap="xs" mb={4} wrap="nowrap">
                  <Text size="sm" fw={500}>
                    {tc(`enums.stage.${s.stage}`)}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {t('pipeline.count', { count: s.count })} ·{' '}
                    <Text span fw={600} c="var(--mantine-color-text)">
                      {fmt.compactMoney(s.amount)}
                    </Text>
                  </Text>
                </Group>
                <Progress value={(amount / max) * 100} size="md" radius="xl" color="grape" aria-hidden />
              </UnstyledButton>
            );
          })}
        </Stack>
      )}
    </SectionCard>
  );
}
