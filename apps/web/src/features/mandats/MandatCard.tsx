import { type DraggableAttributes, useDraggable } from '@dnd-kit/core';
import { ActionIcon, Anchor, Avatar, Group, Menu, Paper, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconCalendarDue, IconDotsVertical, IconGripVertical } from '@tabler/icons-react';
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { today } from '../../app/local-date.ts';
import { STAGE_COLOR } from '../../app/stage-colors.ts';
import type { Mandat } from '../../records/mandat.ts';
import { isClosed, MANDAT_STAGES, type Stage } from './stages.ts';

export interface CardProps {
  mandat: Mandat;
  organisationName: string;
  /** Write access: drag handle and "move to" menu. */
  writer: boolean;
  onMove: (mandat: Mandat, to: Stage) => void;
}

interface DragBindings {
  cardRef: (el: HTMLElement | null) => void;
  cardListeners: Record<string, unknown>;
  handleRef: (el: HTMLElement | null) => void;
  handleAttributes: DraggableAttributes;
  onHandleKeyDown?: React.KeyboardEventHandler;
}

/**
 * A mandate on the board, draggable with the mouse anywhere on the card (or a long press on touch screens), or
 * with the keyboard from its handle. Every draggable re-renders while something is dragged: the card body is
 * memoised so that only this thin wrapper does.
 */
export function DraggableMandatCard(props: CardProps) {
  const { t } = useTranslation('mandats');
  const { mandat, writer } = props;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: mandat.id,
    data: { mandat },
    disabled: !writer,
    attributes: { roleDescription: t('board.draggable') },
  });
  const drag = useMemo<DragBindings>(
    () => ({
      cardRef: setNodeRef,
      cardListeners: writer ? { onPointerDown: listeners?.onPointerDown, onTouchStart: listeners?.onTouchStart } : {},
      handleRef: setActivatorNodeRef,
      handleAttributes: attributes,
      onHandleKeyDown: listeners?.onKeyDown as React.KeyboardEventHandler | undefined,
    }),
    [setNodeRef, setActivatorNodeRef, attributes, listeners, writer],
  );
  return <MandatCardView {...props} drag={drag} dragging={isDragging} />;
}

export const MandatCardView = memo(function MandatCardView({
  mandat,
  organisationName,
  writer,
  onMove,
  drag,
  dragging,
  overlay,
}: CardProps & { drag?: DragBindings; dragging?: boolean; overlay?: boolean }) {
  const { t } = useTranslation('mandats');
  const fmt = useFormat();
  const { userName } = useDirectory();
  const overdue = !isClosed(mandat.stage) && !!mandat.expectedCloseDate && mandat.expectedCloseDate < today();
  const owner = userName(mandat.ownerId);

  return (
    <Paper
      ref={drag?.cardRef}
      withBorder
      p="xs"
      radius="md"
      shadow={overlay ? 'lg' : 'xs'}
      data-testid="mandat-card"
      data-mandat-id={mandat.id}
      {...drag?.cardListeners}
      style={{
        opacity: dragging ? 0.35 : 1,
        cursor: writer ? (overlay ? 'grabbing' : 'grab') : undefined,
        touchAction: 'manipulation',
        borderLeft: `3px solid var(--mantine-color-${STAGE_COLOR[mandat.stage]}-filled)`,
      }}
    >
      <Stack gap={4}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap={4}>
          <Anchor
            component={Link}
            to={`/mandats/${mandat.id}`}
            draggable={false}
            fw={600}
            size="sm"
            lineClamp={2}
            c="var(--mantine-color-text)"
            style={{ wordBreak: 'break-word' }}
          >
            {mandat.title}
          </Anchor>
          {writer && !overlay && drag && (
            <Group gap={0} wrap="nowrap">
              <ActionIcon
                ref={drag.handleRef}
                {...drag.handleAttributes}
                onKeyDown={drag.onHandleKeyDown}
                variant="subtle"
                color="gray"
                size="md" // 28 px: a 24 px touch target at least (WCAG 2.2)
                aria-label={t('board.moveCard', { title: mandat.title })}
                style={{ cursor: 'grab' }}
              >
                <IconGripVertical size={16} />
              </ActionIcon>
              <MoveMenu mandat={mandat} onMove={onMove} />
            </Group>
          )}
        </Group>
        <Text size="xs" c="dimmed" truncate>
          {organisationName}
        </Text>
        <Group justify="space-between" wrap="nowrap" gap={6} mt={2}>
          <Text size="sm" fw={600} title={mandat.amount ? undefined : t('board.noAmount')}>
            {mandat.amount ? fmt.compactMoney(mandat.amount, mandat.currency) : '—'}
          </Text>
          <Group gap={6} wrap="nowrap">
            {mandat.expectedCloseDate && !isClosed(mandat.stage) && (
              <Group
                gap={2}
                wrap="nowrap"
                c={overdue ? 'red' : undefined}
                title={overdue ? t('board.overdue') : t('fields.expectedCloseDate')}
              >
                <IconCalendarDue size={14} aria-hidden />
                <VisuallyHidden>{overdue ? t('board.overdue') : t('fields.expectedCloseDate')}</VisuallyHidden>
                <Text size="xs" c={overdue ? 'red' : undefined}>
                  {fmt.date(mandat.expectedCloseDate)}
                </Text>
              </Group>
            )}
            {mandat.closedAt && isClosed(mandat.stage) && <Text size="xs">{fmt.date(mandat.closedAt)}</Text>}
            <span title={owner}>
              <Avatar size={24} name={owner} color="initials" aria-hidden />
              <VisuallyHidden>
                {t('fields.owner')} : {owner}
              </VisuallyHidden>
            </span>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
});

/**
 * "Move to…" without dragging. The Mantine menu is only mounted once opened: a board holds many cards and a menu
 * per card costs render time.
 */
function MoveMenu({ mandat, onMove }: { mandat: Mandat; onMove: (m: Mandat, to: Stage) => void }) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const [mounted, setMounted] = useState(false);
  const trigger = (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="md"
      aria-label={t('board.moveTo')}
      aria-haspopup="menu"
      onClick={mounted ? undefined : () => setMounted(true)}
    >
      <IconDotsVertical size={16} />
    </ActionIcon>
  );
  if (!mounted) return trigger;
  return (
    <Menu position="bottom-end" withinPortal defaultOpened>
      <Menu.Target>{trigger}</Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('board.moveTo')}</Menu.Label>
        {MANDAT_STAGES.filter((s) => s !== mandat.stage).map((s) => (
          <Menu.Item key={s} onClick={() => onMove(mandat, s)} color={s === 'perdu' ? 'red' : undefined}>
            {tc(`enums.stage.${s}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
