import { STAGE_PROBABILITY } from '@crm/contracts';
import { notifications } from '@mantine/notifications';
import { type InfiniteData, useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../../api/client.ts';
import { mandatKeys } from '../../../app/query-keys.ts';
import type { Mandat } from '../../../records/mandat.ts';
import { problemMessage } from '../../../ui/ProblemAlert.tsx';
import type { LostReasonInput } from '../lost-reason.ts';
import { isClosed, type Stage } from '../stages.ts';
import { type BoardFilters, type BoardPage, boardKeys } from './queries.ts';

type ColumnData = InfiniteData<BoardPage, string | undefined>;
type Pipeline = Schemas['MandatPipeline'];

/**
 * Moving a mandate to another stage, at once on screen (both columns and the counts), undone if the server refuses;
 * "lost" first asks for a reason (`pendingLost`, then `confirmLost`).
 */
export function useMoveMandat(filters: BoardFilters) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [pendingLost, setPendingLost] = useState<Mandat | null>(null);

  const move = useMutation({
    mutationKey: boardKeys.move,
    mutationFn: async (v: { mandat: Mandat; to: Stage; lost?: LostReasonInput }) =>
      data(
        await api.POST('/api/v1/mandats/{id}/stage', {
          params: { path: { id: v.mandat.id } },
          body: { stage: v.to, ...v.lost },
        }),
      ),
    onMutate: async ({ mandat, to, lost }) => {
      const from = mandat.stage;
      const keys = [boardKeys.column(from, filters), boardKeys.column(to, filters), boardKeys.pipeline(filters)];
      await Promise.all(keys.map((queryKey) => queryClient.cancelQueries({ queryKey, exact: true })));
      const snapshot = keys.map((k) => [k, queryClient.getQueryData(k)] as const);
      const moved: Mandat = {
        ...mandat,
        stage: to,
        probability: STAGE_PROBABILITY[to],
        lostReasonCode: to === 'perdu' ? (lost?.lostReasonCode ?? null) : null,
        lostReason: to === 'perdu' ? (lost?.lostReason ?? null) : null,
        closedAt: isClosed(to) ? new Date().toISOString() : null,
      };
      queryClient.setQueryData<ColumnData>(
        boardKeys.column(from, filters),
        (d) =>
          d && {
            ...d,
            pages: d.pages.map((p) => ({ ...p, items: p.items.filter((x) => x.id !== mandat.id) })),
          },
      );
      queryClient.setQueryData<ColumnData>(
        boardKeys.column(to, filters),
        (d) =>
          d && {
            ...d,
            pages: d.pages.map((p, i) => (i === 0 ? { ...p, items: [moved, ...p.items] } : p)),
          },
      );
      const amount = Number(mandat.amount ?? 0);
      queryClient.setQueryData<Pipeline>(
        boardKeys.pipeline(filters),
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
      queryClient.setQueryData(mandatKeys.record(m.id), m);
      notifications.show({
        color: 'teal',
        message: t('board.moved', { title: m.title, stage: tc(`enums.stage.${m.stage}`) }),
      });
    },
    onSettled: () => {
      // Refetch once the last pending move is done, so that a refetch never undoes another optimistic move.
      if (queryClient.isMutating({ mutationKey: boardKeys.move }) === 1) {
        void queryClient.invalidateQueries({ queryKey: mandatKeys.all });
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

  return {
    requestMove,
    pendingLost,
    cancelLost: () => setPendingLost(null),
    confirmLost: (lost: LostReasonInput) => {
      if (pendingLost) mutate({ mandat: pendingLost, to: 'perdu', lost });
      setPendingLost(null);
    },
  };
}
