import { DndContext, DragOverlay } from '@dnd-kit/core';
import { Box, Group, Stack } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMayModify } from '../../app/auth.tsx';
import { daysAgo } from '../../app/local-date.ts';
import { useUrlParams } from '../../app/search-params';
import type { Mandat } from '../../records/mandat.ts';
import { useOrganisationNames } from '../../records/organisation-names.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { LostReasonModal } from './LostReasonModal.tsx';
import { BoardColumn, type ColumnQuery } from './pipeline/BoardColumn.tsx';
import { BoardFilterBar } from './pipeline/BoardFilterBar.tsx';
import { CloseDropZones, OverlayCard } from './pipeline/DropZones.tsx';
import { type BoardFilters, boardColumnQuery, pipelineQuery, RECENT_DAYS } from './pipeline/queries.ts';
import { useBoardDrag } from './pipeline/useBoardDrag.ts';
import { useMoveMandat } from './pipeline/useMoveMandat.ts';
import { MANDAT_STAGES, type Stage } from './stages.ts';

/** The board's filters, kept in the address. */
function useBoardFilters() {
  const [params, setParams] = useUrlParams();
  const kind = params.get('kind');
  const filters: BoardFilters = {
    ...(params.get('ownerId') ? { ownerId: params.get('ownerId') as string } : {}),
    ...(params.get('teamId') ? { teamId: params.get('teamId') as string } : {}),
    ...(kind === 'distribution' || kind === 'placement' ? { kind } : {}),
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
  return { filters, setFilter };
}

/** The pipeline as a board: one column per stage, drag and drop (pointer, touch, keyboard) to move a mandate. */
export function PipelineBoard({ emptyAction }: { emptyAction?: ReactNode }) {
  const { t } = useTranslation('mandats');
  const mayModify = useMayModify();
  const { filters, setFilter } = useBoardFilters();
  const pipeline = useQuery(pipelineQuery(filters));
  const move = useMoveMandat(filters);
  const drag = useBoardDrag(move.requestMove);

  // One query per column, all here so that the organisation names of every card come in one request.
  const [recentFrom] = useState(() => daysAgo(RECENT_DAYS));
  const columns: Record<Stage, ColumnQuery> = {
    lead: useInfiniteQuery(boardColumnQuery('lead', filters, recentFrom)),
    rdv: useInfiniteQuery(boardColumnQuery('rdv', filters, recentFrom)),
    pitch: useInfiniteQuery(boardColumnQuery('pitch', filters, recentFrom)),
    due_diligence: useInfiniteQuery(boardColumnQuery('due_diligence', filters, recentFrom)),
    negociation: useInfiniteQuery(boardColumnQuery('negociation', filters, recentFrom)),
    gagne: useInfiniteQuery(boardColumnQuery('gagne', filters, recentFrom)),
    perdu: useInfiniteQuery(boardColumnQuery('perdu', filters, recentFrom)),
  };
  const allLoaded = MANDAT_STAGES.every((s) => !columns[s].isPending);
  const orgName = useOrganisationNames(
    MANDAT_STAGES.flatMap(
      (s) => columns[s].data?.pages.flatMap((p) => p.items.map((m: Mandat) => m.organisationId)) ?? [],
    ),
    { enabled: allLoaded },
  );

  const stages = pipeline.data?.stages;
  const filtered = Object.keys(filters).length > 0;

  return (
    <Stack gap="sm">
      <BoardFilterBar filters={filters} onChange={setFilter} stages={stages} />
      <ProblemAlert error={pipeline.error} />
      {stages && !filtered && stages.every((s) => s.count === 0) && (
        <EmptyState title={t('emptyTitle')} hint={t('emptyHint')} action={emptyAction} />
      )}

      <DndContext {...drag.context}>
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
                onMove={move.requestMove}
              />
            ))}
          </Group>
        </Box>
        {drag.active && <CloseDropZones />}
        <DragOverlay dropAnimation={null}>{drag.active && <OverlayCard mandat={drag.active} />}</DragOverlay>
      </DndContext>

      <LostReasonModal
        title={move.pendingLost?.title ?? null}
        onCancel={move.cancelLost}
        onConfirm={move.confirmLost}
      />
    </Stack>
  );
}
