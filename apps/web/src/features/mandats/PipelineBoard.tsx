import { STAGE_PROBABILITY } from '@crm/contracts';
import {
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  pointerWithin,
  useDroppable,
} from '@dnd-kit/core';
import {
  Anchor,
  Badge,
  Box,
  Button,
  ColorSwatch,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconThumbDown, IconTrophy } from '@tabler/icons-react';
import { type InfiniteData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, type Schemas } from '../../api/client.ts';
import { useMayModify } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { dynamicKey } from '../../app/i18n-types.ts';
import { useUrlParams } from '../../app/search-params';
import { useTeams } from '../../app/teams.ts';
import { columnKeyboardCoordinates, useBoardSensors } from '../../ui/board.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert, problemMessage } from '../../ui/ProblemAlert.tsx';
import { LostReasonModal } from './LostReasonModal.tsx';
import { DraggableMandatCard, MandatCardView } from './MandatCard.tsx';
import {
  daysAgo,
  isClosed,
  MANDAT_STAGES,
  type Mandat,
  mandatKey,
  STAGE_COLOR,
  type Stage,
  useOrganisationNames,
} from './model.ts';

/** Won and lost columns show the mandates closed in the last RECENT_DAYS days (the header counts them all). */
export const RECENT_DAYS = 90;
const PAGE_SIZE = 20;

type Page = { items: Mandat[]; nextCursor: string | null; total: number };
type ColumnData = InfiniteData<Page, string | undefined>;
type Pipeline = Schemas['MandatPipeline'];
export interface BoardFilters {
  ownerId?: string;
  teamId?: string;
  kind?: Mandat['kind'];
}

const boardKey = (stage: Stage, f: BoardFilters) => ['mandats', 'board', stage, f] as const;
const pipelineKey = (f: BoardFilters) => ['mandats', 'pipeline', f] as const;
const listFilters = (f: BoardFilters) => ({
  ...(f.ownerId ? { ownerId: f.ownerId.split(',') } : {}),
  ...(f.teamId ? { teamId: f.teamId.split(',') } : {}),
  ...(f.kind ? { kind: [f.kind] } : {}),
});

/** The column under the dragged card: the pointer's, else (keyboard) the one holding the card's centre. */
const collisionDetection: CollisionDetection = (args) => {
  const byPointer = pointerWithin(args);
  if (byPointer.length || args.pointerCoordinates) return byPointer;
  const { collisionRect, droppableRects, droppableContainers } = args;
  const x = collisionRect.left + collisionRect.width / 2;
  const y = collisionRect.top + Math.min(collisionRect.height / 2, 24);
  const hit = droppableContainers.find((c) => {
    if (c.data.current?.zone) return false;
    const r = droppableRects.get(c.id);
    return r && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  });
  return hit ? [{ id: hit.id, data: { droppableContainer: hit, value: 0 } }] : [];
};

/** Left/right arrows jump to the previous/next column; the won/lost drop zones are not columns. */
const columnKeyboardCoordinatesOfBoard = columnKeyboardCoordinates((data) => !data?.zone);

/** One column's mandates, page by page (open stages: soonest expected close first; closed: latest first). */
function useBoardColumn(stage: Stage, filters: BoardFilters, recentFrom: string) {
  const closed = isClosed(stage);
  return useInfiniteQuery({
    queryKey: boardKey(stage, filters),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page) => last.nextCursor ?? undefined,
    queryFn: async ({ pageParam, signal }) =>
      data(
        await api.GET('/api/v1/mandats', {
          params: {
            query: {
              ...listFilters(filters),
              stage: [stage],
              limit: PAGE_SIZE,
              sort: closed ? '-updatedAt' : 'expectedCloseDate',
              ...(closed ? { closedFrom: recentFrom } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
  });
}
type ColumnQuery = ReturnType<typeof useBoardColumn>;

// Constant sensor options: new objects on each render would give every card new listeners (and a re-render).

/** The pipeline as a board: one column per stage, drag and drop (pointer, touch, keyboard) to move a mandate. */
export function PipelineBoard({ emptyAction }: { emptyAction?: React.ReactNode }) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const mayModify = useMayModify();
  const queryClient = useQueryClient();
  const { userOptions } = useDirectory();
  const { teamOptions } = useTeams();
  const fmt = useFormat();
  const [params, setParams] = useUrlParams();
  const filters: BoardFilters = {
    ...(params.get('ownerId') ? { ownerId: params.get('ownerId') as string } : {}),
    ...(params.get('teamId') ? { teamId: params.get('teamId') as string } : {}),
    ...(params.get('kind') === 'distribution' || params.get('kind') === 'placement'
      ? { kind: params.get('kind') as Mandat['kind'] }
      : {}),
  };
  const setFilter = (key: keyof BoardFilters, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const pipeline = useQuery({
    queryKey: pipelineKey(filters),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/mandats/pipeline', { params: { query: listFilters(filters) }, signal })),
  });

  const [active, setActive] = useState<Mandat | null>(null);
  const [pendingLost, setPendingLost] = useState<Mandat | null>(null);

  const move = useMutation({
    mutationKey: ['mandats', 'move'],
    mutationFn: async (v: { mandat: Mandat; to: Stage; lostReason?: string }) =>
      data(
        await api.POST('/api/v1/mandats/{id}/stage', {
          params: { path: { id: v.mandat.id } },
          body: { stage: v.to, ...(v.lostReason ? { lostReason: v.lostReason } : {}) },
        }),
      ),
    onMutate: async ({ mandat, to, lostReason }) => {
      const from = mandat.stage;
      const keys = [boardKey(from, filters), boardKey(to, filters), pipelineKey(filters)];
      await Promise.all(keys.map((queryKey) => queryClient.cancelQueries({ queryKey, exact: true })));
      const snapshot = keys.map((k) => [k, queryClient.getQueryData(k)] as const);
      const moved: Mandat = {
        ...mandat,
        stage: to,
        probability: STAGE_PROBABILITY[to],
        lostReason: to === 'perdu' ? (lostReason ?? null) : null,
        closedAt: isClosed(to) ? new Date().toISOString() : null,
      };
      queryClient.setQueryData<ColumnData>(
        boardKey(from, filters),
        (d) =>
          d && {
            ...d,
            pages: d.pages.map((p) => ({ ...p, items: p.items.filter((x) => x.id !== mandat.id) })),
          },
      );
      queryClient.setQueryData<ColumnData>(
        boardKey(to, filters),
        (d) =>
          d && {
            ...d,
            pages: d.pages.map((p, i) => (i === 0 ? { ...p, items: [moved, ...p.items] } : p)),
          },
      );
      const amount = Number(mandat.amount ?? 0);
      queryClient.setQueryData<Pipeline>(
        pipelineKey(filters),
        (d) =>
          d && {
            stages: d.stages.map((s) =>
              s.stage === from
                ? { ...s, count: s.count - 1, totalAmount: String(Number(s.totalAmount) - amount) }
                : s.stage === to
                  ? { ...s, count: s.count + 1, totalAmount: String(Number(s.totalAmount) + amount) }
                  : s,
            ),
          },
      );
      return { snapshot };
    },
    onError: (error, _v, context) => {
      for (const [key, value] of context?.snapshot ?? []) queryClient.setQueryData(key, value);
      notifications.show({ color: 'red', title: t('board.moveFailed'), message: problemMessage(error) });
    },
    onSuccess: (m) => {
      queryClient.setQueryData(mandatKey(m.id), m);
      notifications.show({
        color: 'teal',
        message: t('board.moved', { title: m.title, stage: tc(`enums.stage.${m.stage}`) }),
      });
    },
    onSettled: () => {
      // Refetch once the last pending move is done, so that a refetch never undoes another optimistic move.
      if (queryClient.isMutating({ mutationKey: ['mandats', 'move'] }) === 1) {
        void queryClient.invalidateQueries({ queryKey: ['mandats'] });
      }
    },
  });

  const { mutate } = move;
  const requestMove = useCallback(
    (mandat: Mandat, to: Stage) => {
      if (mandat.stage === to) return;
      if (to === 'perdu') setPendingLost(mandat);
      else mutate({ mandat, to });
    },
    [mutate],
  );

  const sensors = useBoardSensors(columnKeyboardCoordinatesOfBoard);

  const stageLabel = (stage: unknown) => tc(dynamicKey(`enums.stage.${String(stage)}`));
  const overStage = (over: { data: { current?: Record<string, unknown> } }) => over.data.current?.stage;
  const titleOf = (a: { data: { current?: Record<string, unknown> } }) =>
    (a.data.current?.mandat as Mandat | undefined)?.title ?? '';
  // The column under the card when it was last announced: the first "over" (its own column) would otherwise
  // replace the "picked up" announcement at once.
  const announcedOver = useRef<unknown>(null);
  const announcements: Announcements = {
    onDragStart: ({ active: a }) => {
      const stage = (a.data.current?.mandat as Mandat | undefined)?.stage;
      announcedOver.current = stage;
      return t('board.announceStart', { title: titleOf(a), stage: stageLabel(stage) });
    },
    onDragOver: ({ active: a, over }) => {
      const stage = over ? overStage(over) : null;
      if (stage === announcedOver.current) return undefined;
      announcedOver.current = stage;
      return stage
        ? t('board.announceOver', { title: titleOf(a), stage: stageLabel(stage) })
        : t('board.announceOutside', { title: titleOf(a) });
    },
    onDragEnd: ({ active: a, over }) =>
      over
        ? t('board.announceEnd', { title: titleOf(a), stage: stageLabel(overStage(over)) })
        : t('board.announceCancel', { title: titleOf(a) }),
    onDragCancel: ({ active: a }) => t('board.announceCancel', { title: titleOf(a) }),
  };

  const onDragStart = (e: DragStartEvent) => setActive((e.active.data.current?.mandat as Mandat) ?? null);
  const onDragEnd = (e: DragEndEvent) => {
    setActive(null);
    const mandat = e.active.data.current?.mandat as Mandat | undefined;
    const to = e.over?.data.current?.stage as Stage | undefined;
    if (mandat && to) requestMove(mandat, to);
  };

  // One query per column, all here so that the organisation names of every card come in one request.
  const [recentFrom] = useState(() => daysAgo(RECENT_DAYS));
  const columns: Record<Stage, ColumnQuery> = {
    lead: useBoardColumn('lead', filters, recentFrom),
    rdv: useBoardColumn('rdv', filters, recentFrom),
    pitch: useBoardColumn('pitch', filters, recentFrom),
    due_diligence: useBoardColumn('due_diligence', filters, recentFrom),
    negociation: useBoardColumn('negociation', filters, recentFrom),
    gagne: useBoardColumn('gagne', filters, recentFrom),
    perdu: useBoardColumn('perdu', filters, recentFrom),
  };
  const allLoaded = MANDAT_STAGES.every((s) => !columns[s].isPending);
  const orgName = useOrganisationNames(
    MANDAT_STAGES.flatMap((s) => columns[s].data?.pages.flatMap((p) => p.items.map((m) => m.organisationId)) ?? []),
    { enabled: allLoaded },
  );

  const stages = pipeline.data?.stages;
  const openStages = (stages ?? []).filter((s) => !isClosed(s.stage));
  const filtered = Object.keys(filters).length > 0;

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap="xs" wrap="wrap" role="group" aria-label={t('board.filters')}>
          <SegmentedControl
            aria-label={t('fields.kind')}
            value={filters.kind ?? 'all'}
            onChange={(v) => setFilter('kind', v === 'all' ? null : v)}
            data={[
              { value: 'all', label: t('board.allKinds') },
              { value: 'distribution', label: tc('enums.mandatKind.distribution') },
              { value: 'placement', label: tc('enums.mandatKind.placement') },
            ]}
          />
          <Select
            aria-label={t('fields.owner')}
            placeholder={t('board.anyOwner')}
            data={userOptions}
            value={filters.ownerId ?? null}
            onChange={(v) => setFilter('ownerId', v)}
            clearable
            searchable
            w={220}
          />
          <Select
            aria-label={t('fields.team')}
            placeholder={t('board.anyTeam')}
            data={teamOptions}
            value={filters.teamId ?? null}
            onChange={(v) => setFilter('teamId', v)}
            clearable
            w={200}
          />
        </Group>
        {openStages.length > 0 && (
          <Text size="sm" fw={500} data-testid="pipeline-open-summary">
            {t('board.openSummary', {
              count: openStages.reduce((n, s) => n + s.count, 0),
              amount: fmt.compactMoney(openStages.reduce((n, s) => n + Number(s.totalAmount), 0)),
            })}
          </Text>
        )}
      </Group>

      <ProblemAlert error={pipeline.error} />
      {stages && !filtered && stages.every((s) => s.count === 0) && (
        <EmptyState title={t('emptyTitle')} hint={t('emptyHint')} action={emptyAction} />
      )}

      <DndContext
        sensors={sensors}
        collisionDetection={collisionDetection}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActive(null)}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('board.instructions') } }}
      >
        <Box component="section" aria-label={t('board.label')} className="scroll-x" pb={8} data-testid="pipeline-board">
          <Group wrap="nowrap" align="stretch" gap="sm" style={{ minHeight: '60vh' }}>
            {MANDAT_STAGES.map((stage) => (
              <BoardColumn
                key={stage}
                stage={stage}
                filters={filters}
                column={columns[stage]}
                orgName={orgName}
                summary={stages?.find((s) => s.stage === stage)}
                mayModify={mayModify}
                onMove={requestMove}
              />
            ))}
          </Group>
        </Box>
        {active && <CloseDropZones />}
        <DragOverlay dropAnimation={null}>{active && <OverlayCard mandat={active} />}</DragOverlay>
      </DndContext>

      <LostReasonModal
        title={pendingLost?.title ?? null}
        onCancel={() => setPendingLost(null)}
        onConfirm={(lostReason) => {
          if (pendingLost) move.mutate({ mandat: pendingLost, to: 'perdu', lostReason });
          setPendingLost(null);
        }}
      />
    </Stack>
  );
}

/** While dragging: "won" and "lost" drop zones fixed at the bottom of the screen, reachable from any column. */
function CloseDropZones() {
  return (
    <Group
      gap="md"
      wrap="nowrap"
      style={{ position: 'fixed', left: '50%', bottom: 24, transform: 'translateX(-50%)', zIndex: 300 }}
    >
      <DropZone stage="gagne" icon={<IconTrophy size={20} aria-hidden />} />
      <DropZone stage="perdu" icon={<IconThumbDown size={20} aria-hidden />} />
    </Group>
  );
}

function DropZone({ stage, icon }: { stage: 'gagne' | 'perdu'; icon: React.ReactNode }) {
  const { t: tc } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: `zone-${stage}`, data: { stage, zone: true } });
  const color = STAGE_COLOR[stage];
  return (
    <Paper
      ref={setNodeRef}
      data-testid={`drop-${stage}`}
      shadow="lg"
      radius="md"
      withBorder
      w="min(42vw, 200px)"
      h={72}
      style={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 8,
        fontWeight: 700,
        color: isOver ? 'var(--mantine-color-white)' : `var(--mantine-color-${color}-light-color)`,
        background: isOver ? `var(--mantine-color-${color}-9)` : 'var(--mantine-color-body)',
        border: `2px dashed var(--mantine-color-${color}-filled)`,
      }}
    >
      {icon}
      {tc(`enums.stage.${stage}`)}
    </Paper>
  );
}

function OverlayCard({ mandat }: { mandat: Mandat }) {
  const orgName = useOrganisationNames([mandat.organisationId]);
  return (
    <MandatCardView
      mandat={mandat}
      organisationName={orgName(mandat.organisationId)}
      writer
      onMove={() => {}}
      overlay
    />
  );
}

function BoardColumn({
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
