import { useDroppable } from '@dnd-kit/core';
import {
  Anchor,
  Badge,
  Button,
  ColorSwatch,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../app/format.ts';
import { STAGE_COLOR } from '../../../app/stage-colors.ts';
import type { Mandat } from '../../../records/mandat.ts';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { DraggableMandatCard } from '../MandatCard.tsx';
import { isClosed, type Stage } from '../stages.ts';
import { type BoardFilters, type BoardPage, RECENT_DAYS } from './queries.ts';

export type ColumnQuery = UseInfiniteQueryResult<InfiniteData<BoardPage>>;

/** One stage: its count and amount, its cards (a drop target), "load more"; closed stages show recent ones only. */
export function BoardColumn({
  stage,
  filters,
  column,
  orgName,
  summary,
  mayModify,
  onMove,
}: {
  stage: Stage;
  filters: BoardFilters;
  column: ColumnQuery;
  orgName: (id: string) => string;
  summary?: { count: number; totalAmount: string };
  /** Whether the user may move this mandate: no drag handle nor move menu on the others. */
  mayModify: (m: Mandat) => boolean;
  onMove: (m: Mandat, to: Stage) => void;
}) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const headingId = useId();
  const closed = isClosed(stage);
  const { setNodeRef, isOver } = useDroppable({ id: stage, data: { stage } });
  const items = column.data?.pages.flatMap((p) => p.items) ?? [];
  const listHref = `/mandats?mode=list&stage=${stage}${filters.kind ? `&kind=${filters.kind}` : ''}${
    filters.ownerId ? `&ownerId=${filters.ownerId}` : ''
  }${filters.teamId ? `&teamId=${filters.teamId}` : ''}`;

  return (
    <Paper
      component="section"
      ref={setNodeRef}
      aria-labelledby={headingId}
      data-testid={`column-${stage}`}
      p="xs"
      radius="md"
      w={272}
      miw={272}
      bg="var(--mantine-color-default-hover)"
      style={{
        outline: isOver ? '2px dashed var(--mantine-primary-color-filled)' : '2px solid transparent',
        outlineOffset: -2,
        display: 'flex',
        flexDirection: 'column',
      }}
    >
      <Stack gap={2} mb="xs" px={4}>
        <Group justify="space-between" wrap="nowrap">
          <Group gap={6} wrap="nowrap">
            <ColorSwatch size={10} color={`var(--mantine-color-${STAGE_COLOR[stage]}-filled)`} withShadow={false} />
            <Title order={2} size="sm" id={headingId}>
              {tc(`enums.stage.${stage}`)}
            </Title>
          </Group>
          <Badge variant="default" size="sm" data-testid="column-count" data-count={summary?.count}>
            <span aria-hidden>{summary ? summary.count : '…'}</span>
            {summary && <VisuallyHidden>{t('board.count', { count: summary.count })}</VisuallyHidden>}
          </Badge>
        </Group>
        <Text size="xs" fw={600} data-testid="column-total">
          {summary ? fmt.compactMoney(summary.totalAmount) : '…'}
        </Text>
        {closed && (
          <Text size="xs" c="dimmed">
            {t('board.recentOnly', { days: RECENT_DAYS })} ·{' '}
            <Anchor component={Link} to={listHref} size="xs" underline="always">
              {t('board.seeAll')}
            </Anchor>
          </Text>
        )}
      </Stack>
      <ProblemAlert error={column.error} />
      <Stack gap="xs" style={{ flex: 1 }}>
        {column.isPending &&
          Array.from({ length: 3 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <Skeleton key={i} height={84} radius="md" />
          ))}
        {items.map((m) => (
          <DraggableMandatCard
            key={m.id}
            mandat={m}
            organisationName={orgName(m.organisationId)}
            writer={mayModify(m)}
            onMove={onMove}
          />
        ))}
        {column.isSuccess && items.length === 0 && (
          <Text size="xs" c="dimmed" ta="center" py="lg">
            {isOver ? t('board.dropHere') : t('board.emptyColumn')}
          </Text>
        )}
        {column.hasNextPage && (
          <Button
            variant="subtle"
            size="xs"
            onClick={() => void column.fetchNextPage()}
            loading={column.isFetchingNextPage}
          >
            {t('board.loadMore')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
