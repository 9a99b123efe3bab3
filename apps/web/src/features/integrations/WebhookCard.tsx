import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconDots,
  IconHistory,
  IconKey,
  IconPencil,
  IconPlugConnectedX,
  IconSend,
  IconTrash,
} from '@tabler/icons-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { isAllEvents, type Webhook } from './api.ts';

const SOURCE_COLORS: Record<Webhook['source'], string> = { api: 'indigo', zapier: 'orange', make: 'grape' };
const SHOWN_EVENTS = 6;

export interface WebhookActions {
  onToggle: (w: Webhook, active: boolean) => void;
  onEdit: (w: Webhook) => void;
  onTest: (w: Webhook) => void;
  onRotate: (w: Webhook) => void;
  onDelete: (w: Webhook) => void;
  onShowLog: (w: Webhook) => void;
}

/** One webhook: where it sends, what, whether it is on, and how its deliveries are going (last 24 h). */
export function WebhookCard({
  webhook: w,
  selected,
  toggling,
  ownerName,
  actions,
}: {
  webhook: Webhook;
  selected: boolean;
  toggling: boolean;
  /** Shown when the webhook is someone else's (admins see everyone's). */
  ownerName: string | null;
  actions: WebhookActions;
}) {
  const { t } = useTranslation('integrations');
  const fmt = useFormat();
  const titleId = useId();
  const h = w.health;
  const all = isAllEvents(w.eventTypes);
  const rotating = w.previousSecretExpiresAt && new Date(w.previousSecretExpiresAt).getTime() > Date.now();
  const state = w.active ? 'active' : w.disabledReason ? 'disabledByCrm' : 'inactive';

  return (
    <Card
      withBorder
      component="article"
      aria-labelledby={titleId}
      data-testid="webhook-card"
      style={selected ? { borderColor: 'var(--mantine-color-indigo-6)', borderWidth: 2 } : undefined}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Title order={3} size="h5" id={titleId} ff="monospace" style={{ wordBreak: 'break-all' }}>
              {w.url}
            </Title>
            <Text size="sm" c={w.description ? undefined : 'dimmed'} fs={w.description ? undefined : 'italic'}>
              {w.description || t('list.noDescription')}
            </Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            <Badge variant="light" color={SOURCE_COLORS[w.source]} tt="none" data-testid="webhook-source">
              <VisuallyHidden>{t('list.sourceLabel')} </VisuallyHidden>
              {t(`list.source.${w.source}`)}
            </Badge>
            <Badge
              variant="dot"
              color={state === 'active' ? 'teal' : state === 'disabledByCrm' ? 'red' : 'gray'}
              tt="none"
              data-testid="webhook-state"
            >
              <VisuallyHidden>{t('list.statusLabel')} </VisuallyHidden>
              {t(`list.${state}`)}
            </Badge>
            <Switch
              checked={w.active}
              disabled={toggling}
              onChange={(e) => actions.onToggle(w, e.currentTarget.checked)}
              aria-label={t('list.toggleFor', { url: w.url })}
            />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={t('list.actionsFor', { url: w.url })}>
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => actions.onEdit(w)}>
                  {t('list.edit')}
                </Menu.Item>
                <Menu.Item leftSection={<IconSend size={16} />} onClick={() => actions.onTest(w)}>
                  {t('list.test')}
                </Menu.Item>
                <Menu.Item leftSection={<IconKey size={16} />} onClick={() => actions.onRotate(w)}>
                  {t('list.rotate')}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => actions.onDelete(w)}>
                  {t('list.delete')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>

        {!w.active && w.disabledReason && (
          <Alert
            color="red"
            variant="light"
            icon={<IconPlugConnectedX size={18} />}
            title={t('list.disabledTitle')}
            data-testid="disabled-reason"
          >
            {t(`list.disabledReason.${w.disabledReason}`)}
          </Alert>
        )}
        {w.active && h.failingSince && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="failing-since">
            {t('list.failingSince', { date: fmt.dateTime(h.failingSince) })}
          </Alert>
        )}

        <Group gap={6} wrap="wrap" data-testid="webhook-events">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" mr={4}>
            {t('list.events')}
          </Text>
          {all ? (
            <Badge variant="light" color="indigo" tt="none">
              {t('list.allEvents')}
            </Badge>
          ) : (
            <>
              {w.eventTypes.slice(0, SHOWN_EVENTS).map((type) => (
                <Tooltip key={type} label={t(`events.types.${type}`, { defaultValue: type })}>
                  <Badge variant="outline" color="gray" tt="none" ff="monospace">
                    {type}
                  </Badge>
                </Tooltip>
              ))}
              {w.eventTypes.length > SHOWN_EVENTS && (
                <Tooltip label={w.eventTypes.slice(SHOWN_EVENTS).join(', ')} multiline maw={320}>
                  <Badge variant="light" color="gray" tt="none">
                    {t('list.moreEvents', { count: w.eventTypes.length - SHOWN_EVENTS })}
                  </Badge>
                </Tooltip>
              )}
            </>
          )}
        </Group>

        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" data-testid="webhook-health">
          <Figure
            label={t('list.successRate')}
            value={h.successRate === null ? '—' : fmt.percent(h.successRate * 100)}
            hint={h.attempts24h ? t('list.attempts', { count: h.attempts24h }) : t('list.noAttempts')}
            color={h.successRate === null ? undefined : h.successRate >= 0.95 ? 'teal' : 'red'}
            testId="health-success"
          />
          <Figure
            label={t('list.lastDelivery')}
            value={h.lastDeliveryAt ? fmt.relative(h.lastDeliveryAt) : t('list.never')}
            hint={h.lastDeliveryAt ? fmt.dateTime(h.lastDeliveryAt) : undefined}
            testId="health-last"
          />
          <Figure
            label={t('list.pending')}
            value={fmt.number(h.pending)}
            hint={t('list.pendingHint')}
            testId="health-pending"
          />
          <Figure
            label={t('list.dead')}
            value={fmt.number(h.dead)}
            hint={t('list.deadHint')}
            color={h.dead > 0 ? 'red' : undefined}
            testId="health-dead"
          />
        </SimpleGrid>

        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text size="xs" c="dimmed">
            {[
              ownerName && t('list.owner', { name: ownerName }),
              rotating && t('list.rotation', { date: fmt.dateTime(w.previousSecretExpiresAt) }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          <Group gap="xs">
            <Button variant="default" size="xs" leftSection={<IconSend size={14} />} onClick={() => actions.onTest(w)}>
              {t('list.test')}
            </Button>
            <Button
              variant={selected ? 'filled' : 'light'}
              size="xs"
              leftSection={<IconHistory size={14} />}
              aria-pressed={selected}
              aria-label={t('list.showLogFor', { url: w.url })}
              onClick={() => actions.onShowLog(w)}
            >
              {t('list.showLog')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Card>
  );
}

function Figure({
  label,
  value,
  hint,
  color,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  color?: string;
  testId: string;
}) {
  return (
    <div data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fz="lg" fw={700} c={color} data-testid={`${testId}-value`}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </div>
  );
}
