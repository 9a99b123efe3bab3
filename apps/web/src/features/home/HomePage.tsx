import { Anchor, Box, Group, SimpleGrid, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { CreateTaskButton, LogInteractionButton } from '../../records/index.ts';
// The tasks feature's bits (a line of a task, the record it concerns) are imported here only, and handed to the cards:
// a known leak of the boundary between features (.dependency-cruiser-known-violations.json).
import { LinkedRecord } from '../../records/tasks/linked-records.tsx';
import { CompleteCheckbox, DueDate, PriorityBadge } from '../../records/tasks/TaskBits.tsx';
import type { Task } from '../../records/tasks/task-api.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { Figures } from './cards/Figures.tsx';
import { MyTasksCard } from './cards/MyTasksCard.tsx';
import { PipelineCard } from './cards/PipelineCard.tsx';
import { RecentInteractionsCard } from './cards/RecentInteractionsCard.tsx';
import { SalesChartsCard } from './cards/SalesChartsCard.tsx';
import { homeSummaryQuery } from './queries.ts';

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
  const summary = useQuery(homeSummaryQuery);
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
          <MyTasksCard writer={writer} taskLine={(task) => <TaskLine task={task} writer={writer} />} />
          <PipelineCard summary={summary.data} />
        </SimpleGrid>
        <SalesChartsCard />
        <RecentInteractionsCard linked={(interaction) => <LinkedRecord row={interaction} />} />
      </Stack>
    </>
  );
}

/** One of my tasks: done checkbox, title (opens it), due date, the record it concerns, priority. */
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
