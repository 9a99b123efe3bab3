import { INTERACTION_TYPES } from '@crm/contracts';
import {
  Anchor,
  Badge,
  Button,
  Chip,
  Group,
  Timeline as MantineTimeline,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
} from '@mantine/core';
import { IconActivity } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../api/client.ts';
import { canWrite, useCurrentUser } from '../app/auth.tsx';
import { useDirectory } from '../app/directory.ts';
import { useFormat } from '../app/format.ts';
import { dynamicKey } from '../app/i18n-types.ts';
import { EmptyState } from '../ui/EmptyState.tsx';
import { ProblemAlert } from '../ui/ProblemAlert.tsx';
import { type ActivityEntity, linksOf, RECORD_PATH } from './activity-links.ts';
import { INTERACTION_COLOR, INTERACTION_ICON, type InteractionType, KIND_ICON } from './icons.tsx';
import { LogInteractionButton } from './LogInteractionModal.tsx';
import { htmlToText } from './note-text.ts';
import { timelineQuery } from './queries.ts';
import { RelativeTime } from './RelativeTime.tsx';

type Item = Schemas['TimelineItem'];
type Kind = Item['kind'];
const KINDS: Kind[] = ['interaction', 'email', 'note', 'task', 'stage_change', 'change'];
/** Campaign e-mails go to contacts: their kind is offered on a contact's and an organisation's timeline only. */
const kindsOf = (entity: ActivityEntity): Kind[] =>
  entity === 'person' || entity === 'organisation' ? KINDS : KINDS.filter((k) => k !== 'email');

export interface TimelineProps {
  entity: ActivityEntity;
  id: string;
}

/**
 * The history of a record, newest first: interactions, notes, tasks, mandate stage changes and field changes.
 * Filter by kind, "load more" pages on the API's cursor.
 */
export function Timeline({ entity, id }: TimelineProps) {
  const { t } = useTranslation('records');
  const user = useCurrentUser();
  const [kind, setKind] = useState<'all' | Kind>('all');
  const items = useInfiniteQuery(timelineQuery(entity, id, kind));
  const list = items.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md">
      <Chip.Group multiple={false} value={kind} onChange={(v) => setKind(v as 'all' | Kind)}>
        <Group gap={6} role="radiogroup" aria-label={t('timeline.filter')}>
          <Chip value="all" type="radio" size="sm" variant="light">
            {t('timeline.all')}
          </Chip>
          {kindsOf(entity).map((k) => (
            <Chip key={k} value={k} type="radio" size="sm" variant="light">
              {t(`timeline.kinds.${k}`)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <ProblemAlert error={items.error} />
      {items.isPending ? (
        <Stack gap="sm" aria-busy="true">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={56} />
          ))}
        </Stack>
      ) : list.length === 0 ? (
        <EmptyState
          icon={<IconActivity size={26} />}
          title={t('timeline.emptyTitle')}
          hint={kind === 'all' ? t('timeline.emptyHint') : t('timeline.emptyFiltered')}
          action={
            kind === 'all' && canWrite(user) ? (
              <LogInteractionButton links={linksOf(entity, id)} size="sm" variant="light" />
            ) : undefined
          }
        />
      ) : (
        <>
          <MantineTimeline bulletSize={30} lineWidth={2} data-testid="timeline">
            {list.map((item) => (
              <TimelineEntry key={`${item.kind}:${item.id}`} item={item} entity={entity} />
            ))}
          </MantineTimeline>
          {items.hasNextPage && (
            <Group justify="center">
              <Button variant="default" onClick={() => items.fetchNextPage()} loading={items.isFetchingNextPage}>
                {t('timeline.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function TimelineEntry({ item, entity }: { item: Item; entity: ActivityEntity }) {
  const { t } = useTranslation('records');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { userName } = useDirectory();
  const d = item.data as Record<string, unknown>;

  let icon = <IconActivity size={16} />;
  let color = 'gray';
  let title: React.ReactNode = item.title;
  let body: string | null = item.body;
  const meta: React.ReactNode[] = [];
  const related: { entity: ActivityEntity; id: string; label: string }[] = [];

  const addRelated = (e: ActivityEntity, rid: string | null, label: string) => {
    if (rid && e !== entity) related.push({ entity: e, id: rid, label });
  };

  switch (item.kind) {
    case 'interaction': {
      const type = (INTERACTION_TYPES as readonly string[]).includes(str(d.type) ?? '')
        ? (d.type as InteractionType)
        : 'autre';
      const Icon = INTERACTION_ICON[type];
      icon = <Icon size={16} />;
      color = INTERACTION_COLOR[type];
      meta.push(
        <Badge key="type" size="xs" variant="light" color={color}>
          {tc(`enums.interactionType.${type}`)}
        </Badge>,
      );
      const direction = str(d.direction);
      if (direction)
        meta.push(
          <Badge key="dir" size="xs" variant="outline" color="gray">
            {tc(dynamicKey(`enums.direction.${direction}`))}
          </Badge>,
        );
      if (typeof d.durationMinutes === 'number' && d.durationMinutes > 0)
        meta.push(
          <Text key="dur" size="xs" c="dimmed">
            {t('timeline.duration', { minutes: d.durationMinutes })}
          </Text>,
        );
      const outcome = str(d.outcome);
      if (outcome) body = body ? `${body}\n→ ${outcome}` : `→ ${outcome}`;
      addRelated('organisation', str(d.organisationId), t('timeline.openOrganisation'));
      addRelated('person', str(d.personId), t('timeline.openPerson'));
      addRelated('mandat', str(d.mandatId), t('timeline.openMandat'));
      break;
    }
    case 'note': {
      const Icon = KIND_ICON.note;
      icon = <Icon size={16} />;
      color = 'yellow';
      title = t('timeline.noteItem');
      body = item.body ? htmlToText(item.body) : null;
      break;
    }
    case 'task': {
      const Icon = KIND_ICON.task;
      icon = <Icon size={16} />;
      const status = str(d.status) ?? 'todo';
      color = status === 'done' ? 'teal' : 'blue';
      title = (
        <Anchor component={Link} to={`/tasks?open=${item.id}`} inherit>
          {item.title}
        </Anchor>
      );
      meta.push(
        <Badge key="status" size="xs" variant="light" color={color}>
          {tc(dynamicKey(`enums.taskStatus.${status}`))}
        </Badge>,
      );
      const due = str(d.dueAt);
      if (due && status !== 'done')
        meta.push(
          <Text key="due" size="xs" c="dimmed">
            {t('timeline.due', { date: fmt.date(due) })}
          </Text>,
        );
      if (str(d.assigneeId))
        meta.push(
          <Text key="assignee" size="xs" c="dimmed">
            → {userName(str(d.assigneeId))}
          </Text>,
        );
      break;
    }
    case 'stage_change': {
      const Icon = KIND_ICON.stage_change;
      icon = <Icon size={16} />;
      color = str(d.to) === 'gagne' ? 'teal' : str(d.to) === 'perdu' ? 'red' : 'violet';
      const from = str(d.from);
      const to = tc(dynamicKey(`enums.stage.${str(d.to) ?? 'lead'}`));
      body = from
        ? t('timeline.stageChange', { from: tc(dynamicKey(`enums.stage.${from}`)), to })
        : t('timeline.stageStart', { to });
      const mandatId = str(d.mandatId);
      title =
        mandatId && entity !== 'mandat' ? (
          <Anchor component={Link} to={RECORD_PATH.mandat(mandatId)} inherit>
            {item.title}
          </Anchor>
        ) : (
          item.title
        );
      break;
    }
    case 'email': {
      const Icon = KIND_ICON.email;
      icon = <Icon size={16} />;
      color = 'cyan';
      const campaignId = str(d.campaignId);
      title = campaignId ? (
        <Anchor component={Link} to={`/campaigns/${campaignId}`} inherit>
          {item.title}
        </Anchor>
      ) : (
        item.title
      );
      const outcomes: [string, boolean, string][] = [
        ['failed', d.mailStatus === 'failed', 'red'],
        ['bounced', d.bounced === true, 'red'],
        ['complained', d.complained === true, 'red'],
        ['opened', d.opened === true, 'teal'],
        ['clicked', d.clicked === true, 'teal'],
        ['unsubscribed', d.unsubscribed === true, 'orange'],
      ];
      for (const [key, on, badge] of outcomes)
        if (on)
          meta.push(
            <Badge key={key} size="xs" variant="light" color={badge}>
              {t(dynamicKey(`timeline.email.${key}`))}
            </Badge>,
          );
      const name = str(d.campaignName);
      body =
        [
          name ? t('timeline.email.campaign', { name }) : null,
          typeof d.step === 'number' && d.step > 1 ? t('timeline.email.step', { step: d.step }) : null,
        ]
          .filter(Boolean)
          .join(' · ') || null;
      addRelated('person', str(d.personId), t('timeline.openPerson'));
      break;
    }
    case 'change': {
      const Icon = KIND_ICON.change;
      icon = <Icon size={16} />;
      const known = ['update', 'merge', 'restore', 'anonymise'];
      title = known.includes(item.title) ? t(dynamicKey(`timeline.changeActions.${item.title}`)) : item.title;
      const changes = d.changes && typeof d.changes === 'object' ? Object.keys(d.changes as object) : [];
      body = changes.length
        ? t('timeline.changedFields', {
            count: changes.length,
            fields: changes.map((f) => t(`fields.${f}`, { defaultValue: f })).join(', '),
          })
        : null;
      break;
    }
  }

  return (
    <MantineTimeline.Item
      bullet={
        <ThemeIcon size={30} radius="xl" variant="light" color={color}>
          {icon}
        </ThemeIcon>
      }
      data-testid="timeline-item"
      data-kind={item.kind}
    >
      <Paper p={0} bg="transparent">
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text fw={600} size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {title}
          </Text>
          <RelativeTime value={item.at} style={{ whiteSpace: 'nowrap' }} />
        </Group>
        {(meta.length > 0 || item.actorId) && (
          <Group gap={6} mt={4} wrap="wrap">
            {meta}
            {item.actorId && (
              <Text size="xs" c="dimmed">
                {t('timeline.by', { name: userName(item.actorId) })}
              </Text>
            )}
          </Group>
        )}
        {body && (
          <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={6}>
            {body}
          </Text>
        )}
        {related.length > 0 && (
          <Group gap="sm" mt={4}>
            {related.map((r) => (
              <Anchor key={r.entity} component={Link} to={RECORD_PATH[r.entity](r.id)} size="xs">
                {r.label}
              </Anchor>
            ))}
          </Group>
        )}
      </Paper>
    </MantineTimeline.Item>
  );
}
