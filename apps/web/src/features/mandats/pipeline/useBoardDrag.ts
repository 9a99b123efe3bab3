import {
  type Announcements,
  type CollisionDetection,
  type DndContextProps,
  type DragEndEvent,
  type DragStartEvent,
  pointerWithin,
} from '@dnd-kit/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dynamicKey } from '../../../app/i18n-types.ts';
import type { Mandat } from '../../../records/mandat.ts';
import { columnKeyboardCoordinates, useBoardSensors } from '../../../ui/board.ts';
import type { Stage } from '../stages.ts';

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

type Droppable = { data: { current?: Record<string, unknown> } };

/**
 * The pipeline's drag and drop: sensors (ui/board.ts), which column a card is over, what screen readers hear, and
 * the card being dragged (`active`, for the overlay and the won/lost drop zones). A drop asks `onMove`.
 */
export function useBoardDrag(onMove: (mandat: Mandat, to: Stage) => void) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const [active, setActive] = useState<Mandat | null>(null);
  const sensors = useBoardSensors(columnKeyboardCoordinatesOfBoard);

  const stageLabel = (stage: unknown) => tc(dynamicKey(`enums.stage.${String(stage)}`));
  const overStage = (over: Droppable) => over.data.current?.stage;
  const titleOf = (a: Droppable) => (a.data.current?.mandat as Mandat | undefined)?.title ?? '';
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

  const context: DndContextProps = {
    sensors,
    collisionDetection,
    onDragStart: (e: DragStartEvent) => setActive((e.active.data.current?.mandat as Mandat) ?? null),
    onDragEnd: (e: DragEndEvent) => {
      setActive(null);
      const mandat = e.active.data.current?.mandat as Mandat | undefined;
      const to = e.over?.data.current?.stage as Stage | undefined;
      if (mandat && to) onMove(mandat, to);
    },
    onDragCancel: () => setActive(null),
    accessibility: { announcements, screenReaderInstructions: { draggable: t('board.instructions') } },
  };
  return { active, context };
}
