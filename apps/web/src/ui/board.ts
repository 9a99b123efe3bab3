import {
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  type PointerSensorOptions,
  TouchSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import type { PointerEvent } from 'react';

/**
 * The board kit the pipeline and the task board share: how a card is picked up (mouse and pen at once, a long press on
 * a touch screen so a swipe still scrolls, the keyboard from its handle) and how the arrows move it from column to
 * column. Each board keeps its columns, cards and texts.
 */

/** Mouse and pen through pointer events; touch goes to the TouchSensor (long press) so a swipe still scrolls. */
class MouseOrPenSensor extends PointerSensor {
  static override activators = [
    {
      eventName: 'onPointerDown' as const,
      handler: ({ nativeEvent: event }: PointerEvent, { onActivation }: PointerSensorOptions) => {
        if (!event.isPrimary || event.button !== 0 || event.pointerType === 'touch') return false;
        onActivation?.({ event });
        return true;
      },
    },
  ];
}

/**
 * Left and right arrows jump to the previous or next column (instead of moving 25 px); droppables for which
 * `isColumn` is false (drop zones) are skipped.
 */
export function columnKeyboardCoordinates(
  isColumn: (data: Record<string, unknown> | undefined) => boolean = () => true,
): KeyboardCoordinateGetter {
  return (event, { context }) => {
    const { collisionRect, droppableRects, droppableContainers } = context;
    if (!collisionRect || (event.code !== 'ArrowRight' && event.code !== 'ArrowLeft')) return undefined;
    event.preventDefault();
    const columns = droppableContainers
      .getEnabled()
      .filter((c) => isColumn(c.data.current))
      .map((c) => droppableRects.get(c.id))
      .filter((r): r is NonNullable<typeof r> => !!r)
      .sort((a, b) => a.left - b.left);
    const x = collisionRect.left + collisionRect.width / 2;
    const next =
      event.code === 'ArrowRight' ? columns.find((r) => r.left > x) : [...columns].reverse().find((r) => r.right < x);
    if (!next) return undefined;
    return { x: next.left + (next.width - collisionRect.width) / 2, y: next.top + 8 };
  };
}

const MOUSE_OPTIONS = { activationConstraint: { distance: 6 } };
const TOUCH_OPTIONS = { activationConstraint: { delay: 250, tolerance: 8 } };

/** The sensors of a board: mouse or pen after 6 px, touch after a 250 ms press, keyboard by column. */
export function useBoardSensors(coordinateGetter: KeyboardCoordinateGetter) {
  return useSensors(
    useSensor(MouseOrPenSensor, MOUSE_OPTIONS),
    useSensor(TouchSensor, TOUCH_OPTIONS),
    useSensor(KeyboardSensor, { coordinateGetter }),
  );
}
