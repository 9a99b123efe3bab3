import { Badge, Card, Group, Skeleton, Stack, Text, Timeline, VisuallyHidden } from '@mantine/core';
import { IconArrowRight, IconFlag } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { STAGE_COLOR } from '../../app/stage-colors.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { stageHistoryQuery } from './queries.ts';
import type { Stage } from './stages.ts';

/** Every stage change of a mandate (from, to, when, who), newest first. */
export function StageHistoryTab({ mandatId }: { mandatId: string }) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { userName } = useDirectory();
  const history = useQuery(stageHistoryQuery(mandatId));
  const stage = (s: Stage) => (
    <Badge color={STAGE_COLOR[s]} variant="dot">
      {tc(`enums.stage.${s}`)}
    </Badge>
  );

  if (history.isPending) {
    return (
      <Stack>
        <Skeleton height={40} />
        <Skeleton height={40} />
      </Stack>
    );
  }
  const items = [...(history.data ?? [])].reverse();
  return (
    <Card withBorder>
      <ProblemAlert error={history.error} />
      {items.length === 0 ? (
        <EmptyState title={t('history.empty')} />
      ) : (
        <Timeline bulletSize={24} lineWidth={2} active={items.length}>
          {items.map((c) => (
            <Timeline.Item
              key={c.id}
              bullet={c.fromStage ? <IconArrowRight size={14} /> : <IconFlag size={14} />}
              title={
                <Group gap={6} wrap="wrap">
                  {c.fromStage ? (
                    <>
                      {stage(c.fromStage)}
                      <IconArrowRight size={14} aria-hidden />
                      <VisuallyHidden>→</VisuallyHidden>
                      {stage(c.toStage)}
                    </>
                  ) : (
                    <Text size="sm" fw={500} component="span">
                      {t('history.created', { to: tc(`enums.stage.${c.toStage}`) })}
                    </Text>
                  )}
                </Group>
              }
            >
              <Text size="xs" mt={4}>
                {fmt.dateTime(c.changedAt)}
                {c.changedBy ? ` · ${t('history.by', { name: userName(c.changedBy) })}` : ''}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  );
}
