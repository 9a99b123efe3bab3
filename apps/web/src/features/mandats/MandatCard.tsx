import { useDraggable } from '@dnd-kit/core';
import { ActionIcon, Anchor, Avatar, Group, Menu, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconCalendarDue, IconDotsVertical, IconGripVertical } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { isClosed, MANDAT_STAGES, type Mandat, STAGE_COLOR, type Stage, today } from './model.ts';

export interface CardProps {
  mandat: Mandat;
  organisationName: string;
  /** Write access: drag handle and "move to" menu. */
  writer: boolean;
  onMove: (mandat: Mandat, to: Stage) => void;
}

/** A mandate on the board, draggable by pointer anywhere on the card, or by keyboard from its handle. */
export function DraggableMandatCard(props: CardProps) {
  const { t } = useTranslation('mandats');
  const { mandat, writer } = props;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: mandat.id,
    data: { mandat },
    disabled: !writer,
    attributes: { roleDescription: t('board.moveCard', { title: mandat.title }) },
  });
  return (
    <MandatCardView
      {...props}
      cardRef={setNodeRef}
      dragging={isDragging}
      cardListeners={writer ? { onPointerDown: listeners?.onPointerDown, onTouchStart: listeners?.onTouchStart } : {}}
      handle={
        writer && (
          <ActionIcon
            ref={setActivatorNodeRef}
            {...attributes}
            onKeyDown={listeners?.onKeyDown as React.KeyboardEventHandler | undefined}
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t('board.moveCard', { title: mandat.title })}
            style={{ cursor: 'grab' }}
          >
            <IconGripVertical size={16} />
          </ActionIcon>
        )
      }
    />
  );
}

export function MandatCardView({
  mandat,
  organisationName,
  writer,
  onMove,
  cardRef,
  cardListeners,
  handle,
  dragging,
  overlay,
}: CardProps & {
  cardRef?: (el: HTMLElement | null) => void;
  cardListeners?: Record<string, unknown>;
  handle?: React.ReactNode;
  dragging?: boolean;
  overlay?: boolean;
}) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { userName } = useDirectory();
  const overdue = !isClosed(mandat.stage) && !!mandat.expectedCloseDate && mandat.expectedCloseDate < today();
  const owner = userName(mandat.ownerId);

  return (
    <Paper
      ref={cardRef}
      withBorder
      p="xs"
      radius="md"
      shadow={overlay ? 'lg' : 'xs'}
      data-testid="mandat-card"
      data-mandat-id={mandat.id}
      {...cardListeners}
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
          {writer && !overlay && (
            <Group gap={0} wrap="nowrap">
              {handle}
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('board.moveTo')}>
                    <IconDotsVertical size={16} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>{t('board.moveTo')}</Menu.Label>
                  {MANDAT_STAGES.filter((s) => s !== mandat.stage).map((s) => (
                    <Menu.Item key={s} onClick={() => onMove(mandat, s)} color={s === 'perdu' ? 'red' : undefined}>
                      {tc(`enums.stage.${s}`)}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            </Group>
          )}
        </Group>
        <Text size="xs" c="dimmed" truncate>
          {organisationName}
        </Text>
        <Group justify="space-between" wrap="nowrap" gap={6} mt={2}>
          <Text
            size="sm"
            fw={600}
            title={mandat.amount ? fmt.money(mandat.amount, mandat.currency) : t('board.noAmount')}
          >
            {mandat.amount ? fmt.compactMoney(mandat.amount, mandat.currency) : '—'}
          </Text>
          <Group gap={6} wrap="nowrap">
            {mandat.expectedCloseDate && !isClosed(mandat.stage) && (
              <Tooltip label={overdue ? t('board.overdue') : t('fields.expectedCloseDate')} withArrow>
                <Group gap={2} wrap="nowrap" c={overdue ? 'red' : undefined}>
                  <IconCalendarDue size={14} aria-hidden />
                  <Text size="xs" c={overdue ? 'red' : undefined}>
                    {fmt.date(mandat.expectedCloseDate)}
                  </Text>
                </Group>
              </Tooltip>
            )}
            {mandat.closedAt && isClosed(mandat.stage) && <Text size="xs">{fmt.date(mandat.closedAt)}</Text>}
            <Tooltip label={owner} withArrow>
              <Avatar size={24} name={owner} color="initials" alt={owner} />
            </Tooltip>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
