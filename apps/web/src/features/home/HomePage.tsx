import {
  Anchor,
  Box,
  Card,
  Group,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
  UnstyledButton,
} from '@mantine/core';
import {
  IconAlarm,
  IconArrowRight,
  IconBriefcase,
  IconBuilding,
  IconCalendarDue,
  IconTrophy,
  IconUsers,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, type Schemas } from '../../api/client.ts';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { dynamicKey } from '../../app/i18n-types.ts';
import { INTERACTION_COLOR, INTERACTION_ICON } from '../../records/icons.tsx';
import { CreateTaskButton, LogInteractionButton, RelativeTime } from '../../records/index.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { LinkedRecord } from '../tasks/linked-records.tsx';
import { CompleteCheckbox, DueDate, PriorityBadge } from '../tasks/TaskBits.tsx';
import type { Task } from '../tasks/task-api.ts';

type Summary = Schemas['HomeSummary'];

function greetingKey(hour: number) {
  if (hour >= 5 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 18) return 'afternoon';
  return 'evening';
}

/** The user's day: key figures, overdue and today's tasks, the open pipeline, recent interactions. */
export default function HomePage() {
  const { t, i18n } = useTranslation('home');
  const user = useCurrentUser();
  const writer = canWrite(user);
  const summary = useQuery({
    queryKey: ['home', 'summary'],
    queryFn: async ({ signal }) => data(await api.GET('/api/v1/home', { signal })),
  });
  const firstName = user.name.split(' ')[0] ?? user.name;
  const today = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'Europe/Paris',
  }).format(new Date());
  const urgent = summary.data ? summary.data.tasks.overdue + summary.data.tasks.today : null;

  return (
    <>
      <PageHeader
        title={t(`greeting.${greetingKey(new Date().getHours())}`, { name: firstName })}
        subtitle={
          <>
            {today.charAt(0).toUpperCase()}
            {today.slice(1)}
            {urgent !== null && ` · ${t('summary', { count: urgent })}`}
          </>
        }
        actions={
          writer && (
            <>
              <LogInteractionButton links={{}} variant="default" />
              <CreateTaskButton />
            </>
          )
        }
      />
      <Stack gap="lg">
        <ProblemAlert error={summary.error} />
        <Figures summary={summary.data} />
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <MyTasks writer={writer} />
          <Pipeline summary={summary.data} />
        </SimpleGrid>
        <RecentInteractions />
      </Stack>
    </>
  );
}

function Figures({ summary }: { summary: Summary | undefined }) {
  const { t } = useTranslation('home');
  const fmt = useFormat();
  const year = new Date().getFullYear();
  const f = summary?.figures;
  // Beyond 1,000 rows the server estimates the count (as the lists' "environ N résultats"): the figure keeps its
  // size, "environ" goes before it in small print, so the card holds it on one line at every width.
  const about = (estimated: boolean) => (estimated ? t('figures.about') : undefined);
  const cards: {
    key: string;
    label: string;
    value: ReactNode;
    pre?: ReactNode;
    sub?: ReactNode;
    to: string;
    icon: ReactNode;
    color: string;
  }[] = [
    {
      key: 'overdue',
      label: t('figures.overdue'),
      value: summary ? fmt.number(summary.tasks.overdue) : null,
      to: '/tasks?tab=overdue&mine=true',
      icon: <IconAlarm size={20} />,
      color: summary?.tasks.overdue ? 'red' : 'gray',
    },
    {
      key: 'today',
      label: t('figures.today'),
      value: summary ? fmt.number(summary.tasks.today) : null,
      to: '/tasks?tab=today&mine=true',
      icon: <IconCalendarDue size={20} />,
      color: 'indigo',
    },
    {
      key: 'organisations',
      label: t('figures.organisations'),
      value: f ? fmt.number(f.organisations) : null,
      pre: f ? about(f.organisationsIsEstimate) : undefined,
      to: '/organisations',
      icon: <IconBuilding size={20} />,
      color: 'blue',
    },
    {
      key: 'people',
      label: t('figures.people'),
      value: f ? fmt.number(f.people) : null,
      pre: f ? about(f.peopleIsEstimate) : undefined,
      to: '/people',
      icon: <IconUsers size={20} />,
      color: 'cyan',
    },
    {
      key: 'openMandats',
      label: t('figures.openMandats'),
      value: f ? fmt.number(f.openMandats) : null,
      sub: f ? fmt.compactMoney(f.openAmount) : null,
      to: '/mandats',
      icon: <IconBriefcase size={20} />,
      color: 'grape',
    },
    {
      key: 'wonThisYear',
      label: t('figures.wonThisYear', { year }),
      value: f ? fmt.number(f.wonThisYear.count) : null,
      sub: f ? fmt.compactMoney(f.wonThisYear.amount) : null,
      to: `/mandats?mode=list&stage=gagne&closedFrom=${year}-01-01`,
      icon: <IconTrophy size={20} />,
      color: 'teal',
    },
  ];
  return (
    <Box component="section" aria-label={t('figures.title')}>
      <SimpleGrid cols={{ base: 2, sm: 3, xl: 6 }} spacing="sm">
        {cards.map((c) => (
          <Card
            key={c.key}
            withBorder
            padding="md"
            radius="md"
            component={Link}
            to={c.to}
            data-testid={`figure-${c.key}`}
            style={{ textDecoration: 'none' }}
          >
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
              <Text size="sm" c="dimmed" fw={500} lh={1.3}>
                {c.label}
              </Text>
              <ThemeIcon variant="light" color={c.color} size="md" radius="md" aria-hidden>
                {c.icon}
              </ThemeIcon>
            </Group>
            {c.value === null ? (
              <Skeleton height={30} width="50%" mt="xs" />
            ) : (
              <Group gap="xs" align="baseline" mt={4}>
                {c.pre && (
                  <Text size="sm" c="dimmed" fw={500}>
                    {c.pre}
                  </Text>
                )}
                <Text fz={28} fw={700} c={c.key === 'overdue' && c.color === 'red' ? 'red' : undefined}>
                  {c.value}
                </Text>
                {c.sub && (
                  <Text size="sm" c="dimmed" fw={500}>
                    {c.sub}
                  </Text>
                )}
              </Group>
            )}
          </Card>
        ))}
      </SimpleGrid>
    </Box>
  );
}

function SectionCard({
  title,
  link,
  children,
  id,
}: {
  title: string;
  link?: { to: string; label: string };
  children: ReactNode;
  id: string;
}) {
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {link && (
          <Anchor component={Link} to={link.to} size="sm">
            <Group gap={4} component="span">
              {link.label}
              <IconArrowRight size={14} aria-hidden />
            </Group>
          </Anchor>
        )}
      </Group>
      {children}
    </Card>
  );
}

const TASKS_SHOWN = 8;

function MyTasks({ writer }: { writer: boolean }) {
  const { t } = useTranslation('home');
  const fetchView =
    (view: 'overdue' | 'today') =>
    async ({ signal }: { signal: AbortSignal }) =>
      data(
        await api.GET('/api/v1/tasks', {
          params: {
            query: {
              view,
              mine: 'true',
              status: ['todo', 'doing'],
              sort: view === 'overdue' ? '-dueAt' : 'dueAt',
              limit: TASKS_SHOWN,
            },
          },
          signal,
        }),
      );
  const overdue = useQuery({ queryKey: ['tasks', 'home', 'overdue'], queryFn: fetchView('overdue') });
  const today = useQuery({ queryKey: ['tasks', 'home', 'today'], queryFn: fetchView('today') });
  const loading = overdue.isPending || today.isPending;
  const empty = overdue.data?.total === 0 && today.data?.total === 0;

  return (
    <SectionCard
      id="home-tasks"
      title={t('tasks.title')}
      link={{ to: '/tasks?tab=open&mine=true', label: t('tasks.all') }}
    >
      <ProblemAlert error={overdue.error ?? today.error} />
      {loading && (
        <Stack gap="xs">
          {[1, 2, 3, 4].map((i) => (
            <Skeleton key={i} height={36} />
          ))}
        </Stack>
      )}
      {empty && (
        <EmptyState
          title={t('tasks.emptyTitle')}
          hint={t('tasks.emptyHint')}
          action={writer ? <CreateTaskButton variant="light" /> : undefined}
        />
      )}
      {!loading && !empty && (
        <Stack gap="md">
          {[
            { key: 'overdue', page: overdue.data, tab: 'overdue' },
            { key: 'today', page: today.data, tab: 'today' },
          ].map(
            ({ key, page, tab }) =>
              page &&
              page.total > 0 && (
                <Stack gap={4} key={key}>
                  <Text size="xs" tt="uppercase" fw={700} c={key === 'overdue' ? 'red' : 'dimmed'}>
                    {t(dynamicKey(`tasks.${key}`))} · {page.total}
                  </Text>
                  {page.items.map((task) => (
                    <TaskLine key={task.id} task={task} writer={writer} />
                  ))}
                  {page.total > page.items.length && (
                    <Anchor component={Link} to={`/tasks?tab=${tab}&mine=true`} size="sm">
                      {t('tasks.more', { count: page.total - page.items.length })}
                    </Anchor>
                  )}
                </Stack>
              ),
          )}
        </Stack>
      )}
    </SectionCard>
  );
}

function TaskLine({ task, writer }: { task: Task; writer: boolean }) {
  return (
    <Group
      gap="sm"
      wrap="nowrap"
      py={6}
      px={4}
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      data-testid="home-task"
    >
      {writer && <CompleteCheckbox task={task} />}
      <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
        <Anchor
          component={Link}
          to={`/tasks?open=${task.id}`}
          size="sm"
          fw={500}
          c="var(--mantine-color-text)"
          truncate
        >
          {task.title}
        </Anchor>
        <Group gap="xs" wrap="nowrap">
          <DueDate task={task} size="xs" />
          <Box visibleFrom="sm" style={{ minWidth: 0 }}>
            <LinkedRecord row={task} />
          </Box>
        </Group>
      </Stack>
      <PriorityBadge priority={task.priority} />
    </Group>
  );
}

function Pipeline({ summary }: { summary: Summary | undefined }) {
  const { t } = useTranslation('home');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const stages = summary?.pipeline ?? [];
  const max = Math.max(1, ...stages.map((s) => Number(s.amount) || 0));
  const empty = summary && stages.every((s) => s.count === 0);
  return (
    <SectionCard id="home-pipeline" title={t('pipeline.title')} link={{ to: '/mandats', label: t('pipeline.all') }}>
      {!summary && (
        <Stack gap="md">
          {[1, 2, 3, 4, 5].map((i) => (
            <Skeleton key={i} height={32} />
          ))}
        </Stack>
      )}
      {empty && <EmptyState title={t('pipeline.emptyTitle')} hint={t('pipeline.emptyHint')} />}
      {summary && !empty && (
        <Stack gap="sm">
          {stages.map((s) => {
            const amount = Number(s.amount) || 0;
            return (
              <UnstyledButton
                key={s.stage}
                component={Link}
                to={`/mandats?mode=list&stage=${s.stage}`}
                aria-label={t('pipeline.bar', {
                  stage: tc(`enums.stage.${s.stage}`),
                  count: s.count,
                  amount: fmt.money(s.amount),
                })}
                data-testid="pipeline-stage"
              >
                <Group justify="space-between" gap="xs" mb={4} wrap="nowrap">
                  <Text size="sm" fw={500}>
                    {tc(`enums.stage.${s.stage}`)}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {t('pipeline.count', { count: s.count })} ·{' '}
                    <Text span fw={600} c="var(--mantine-color-text)">
                      {fmt.compactMoney(s.amount)}
                    </Text>
                  </Text>
                </Group>
                <Progress value={(amount / max) * 100} size="md" radius="xl" color="grape" aria-hidden />
              </UnstyledButton>
            );
          })}
        </Stack>
      )}
    </SectionCard>
  );
}

function RecentInteractions() {
  const { t } = useTranslation('home');
  const { t: tc } = useTranslation();
  const { userName } = useDirectory();
  const recent = useQuery({
    queryKey: ['interactions', 'home', 'recent'],
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/interactions', { params: { query: { sort: '-occurredAt', limit: 8 } }, signal })),
  });
  const items = recent.data?.items ?? [];
  return (
    <SectionCard id="home-interactions" title={t('interactions.title')}>
      <ProblemAlert error={recent.error} />
      {recent.isPending && (
        <Stack gap="xs">
          {[1, 2, 3, 4].map((i) => (
            <Skeleton key={i} height={40} />
          ))}
        </Stack>
      )}
      {recent.isSuccess && items.length === 0 && (
        <EmptyState title={t('interactions.emptyTitle')} hint={t('interactions.emptyHint')} />
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs" verticalSpacing={0}>
        {items.map((i) => {
          const Icon = INTERACTION_ICON[i.type];
          return (
            <Group
              key={i.id}
              gap="sm"
              wrap="nowrap"
              py="xs"
              align="flex-start"
              style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
            >
              <ThemeIcon variant="light" color={INTERACTION_COLOR[i.type]} radius="xl" size="md" aria-hidden>
                <Icon size={16} />
              </ThemeIcon>
              <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                <Text size="sm" fw={500} truncate>
                  {i.title}
                </Text>
                <Group gap="xs" wrap="wrap">
                  <Text size="xs" c="dimmed">
                    {tc(`enums.interactionType.${i.type}`)}
                  </Text>
                  <LinkedRecord row={i} />
                </Group>
              </Stack>
              <Stack gap={0} align="flex-end">
                <RelativeTime value={i.occurredAt} />
                <Text size="xs" c="dimmed" visibleFrom="sm">
                  {t('interactions.by', { name: userName(i.ownerId ?? i.createdBy) })}
                </Text>
              </Stack>
            </Group>
          );
        })}
      </SimpleGrid>
    </SectionCard>
  );
}
