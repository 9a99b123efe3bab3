import { ActionIcon, Anchor, Badge, Button, Group, Menu, Stack, Tabs, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowLeft, IconDots, IconTrash } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/problem.ts';
import { useUrlParams } from '../app/search-params';
import { PageSkeleton } from '../ui/PageSkeleton.tsx';
import { ProblemAlert } from '../ui/ProblemAlert.tsx';
import type { ActivityEntity } from './activity-links.ts';
import { EntityTasks } from './EntityTasks.tsx';
import { NotesAndFiles } from './NotesAndFiles.tsx';
import { Timeline } from './Timeline.tsx';

/** One tab of a record page: its value in the URL (`?tab=`), its label, a count beside it, and what it shows. */
export interface RecordTab {
  value: string;
  label: string;
  count?: number;
  render: () => ReactNode;
}

/** The way back to the list. */
export interface BackTo {
  to: string;
  label: string;
}

/** The record's activity tabs, last on the page: its timeline, its tasks, its notes and files. */
export interface ActivitySlots {
  timeline?: ReactNode;
  tasks?: ReactNode;
  notes?: ReactNode;
}

/** The activity of a record that has one (organisation, person, mandate): `<RecordPage {...activitySlots(...)}>`. */
export const activitySlots = (entity: ActivityEntity, id: string): ActivitySlots => ({
  timeline: <Timeline entity={entity} id={id} />,
  tasks: <EntityTasks entity={entity} id={id} />,
  notes: <NotesAndFiles entity={entity} id={id} />,
});

export interface RecordPageProps extends ActivitySlots {
  back: BackTo;
  /** The record's name: the page's one `h1`. */
  title: string;
  badges?: ReactNode;
  /** Lines under the title (owner, place, organisation). */
  subtitle?: ReactNode;
  avatar?: ReactNode;
  /** Above the header (a notice: anonymised record). */
  banner?: ReactNode;
  /** The header's buttons (log an interaction, new task, edit). */
  actions?: ReactNode;
  /** The "more actions" menu: its button's name, its items, and the delete of `useRecordLifecycle` (null: not allowed). */
  menu?: {
    label?: string;
    items?: ReactNode;
    lifecycle?: { confirmDelete: () => void } | null;
    deleteLabel?: string;
  };
  /** Between the header and the tabs (key figures, the pipeline stepper); given a way to open a tab. */
  summary?: ReactNode | ((openTab: (value: string) => void) => ReactNode);
  /** The record's own tabs; the first is the default (kept out of the URL). One tab alone shows without a tab list. */
  tabs: RecordTab[];
  /** The tab list's accessible name. */
  tabsLabel?: string;
  /** Modals the page opens. */
  children?: ReactNode;
}

/** The current tab, kept in the URL (`?tab=`, the first tab leaves it out), and the way to change it. */
export function useTabParam(values: readonly string[]): [string, (value: string | null) => void] {
  const [params, setParams] = useUrlParams();
  const first = values[0] ?? '';
  const asked = params.get('tab');
  const tab = asked && values.includes(asked) ? asked : first;
  const setTab = (value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (!value || value === first) next.delete('tab');
        else next.set('tab', value);
        return next;
      },
      { replace: true },
    );
  return [tab, setTab];
}

export function BackLink({ to, label }: BackTo) {
  return (
    <Anchor component={Link} to={to} size="sm" c="dimmed" w="fit-content">
      <Group gap={4} component="span" wrap="nowrap">
        <IconArrowLeft size={14} aria-hidden />
        {label}
      </Group>
    </Anchor>
  );
}

/**
 * A record's page: the way back, the header (name, badges, lines, actions, the menu with the delete that offers an
 * undo), a summary, then tabs kept in the URL (the record's own, then its activity, tasks, notes and files). The
 * tab list scrolls sideways on a phone (`.scroll-x`); a tab's content mounts when opened.
 */
export function RecordPage(props: RecordPageProps) {
  const { t } = useTranslation('records');
  const { t: tc } = useTranslation();
  const activity: RecordTab[] = [
    { value: 'timeline', label: t('recordPage.timeline'), content: props.timeline },
    { value: 'tasks', label: t('recordPage.tasks'), content: props.tasks },
    { value: 'notes', label: t('recordPage.notes'), content: props.notes },
  ].flatMap(({ content, ...tab }) => (content ? [{ ...tab, render: () => content }] : []));
  const tabs = [...props.tabs, ...activity];
  const [tab, setTab] = useTabParam(tabs.map((x) => x.value));
  const menu = props.menu;
  const hasMenu = !!menu && (!!menu.items || !!menu.lifecycle);

  return (
    <Stack gap="md">
      <BackLink {...props.back} />
      {props.banner}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group gap="md" align="center" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 280px' }}>
          {props.avatar}
          <Stack gap={6} style={{ minWidth: 0 }}>
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
              {props.title}
            </Title>
            {props.badges && (
              <Group gap={6} wrap="wrap">
                {props.badges}
              </Group>
            )}
            {props.subtitle}
          </Stack>
        </Group>
        {(props.actions || hasMenu) && (
          <Group gap="xs" wrap="wrap" data-testid="record-actions">
            {props.actions}
            {hasMenu && (
              <Menu position="bottom-end">
                <Menu.Target>
                  <ActionIcon variant="default" size="lg" aria-label={menu.label ?? t('recordPage.moreActions')}>
                    <IconDots size={18} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {menu.items}
                  {menu.items && menu.lifecycle && <Menu.Divider />}
                  {menu.lifecycle && (
                    <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={menu.lifecycle.confirmDelete}>
                      {menu.deleteLabel ?? tc('actions.delete')}
                    </Menu.Item>
                  )}
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        )}
      </Group>
      {typeof props.summary === 'function' ? props.summary(setTab) : props.summary}
      {tabs.length === 1 ? (
        tabs[0]?.render()
      ) : (
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List
            aria-label={props.tabsLabel ?? t('recordPage.sections')}
            className="scroll-x"
            style={{ flexWrap: 'nowrap' }}
          >
            {tabs.map((x) => (
              <Tabs.Tab
                key={x.value}
                value={x.value}
                style={{ whiteSpace: 'nowrap' }}
                rightSection={
                  x.count ? (
                    <Badge size="xs" variant="light" circle>
                      {x.count}
                    </Badge>
                  ) : undefined
                }
              >
                {x.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {tabs.map((x) => (
            <Tabs.Panel key={x.value} value={x.value} pt="md">
              {x.render()}
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
      {props.children}
    </Stack>
  );
}

export interface RecordLoadProps<R> {
  query: UseQueryResult<R>;
  back: BackTo;
  /** What a record that does not exist (or not for this user: 404) shows; without it, the problem's message. */
  notFound?: { icon: ReactNode; title: string; body: string; action: string };
  skeletonRows?: number;
  children: (record: R) => ReactNode;
}

/** A record page before its record: a skeleton while it loads, « introuvable » or the problem, then the page. */
export function RecordLoad<R>({ query, back, notFound, skeletonRows, children }: RecordLoadProps<R>) {
  if (query.isPending) return <PageSkeleton rows={skeletonRows} />;
  if (query.isError) {
    const missing = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400);
    if (missing && notFound) {
      return (
        <Stack align="center" gap="xs" py="xl" ta="center" data-testid="record-not-found">
          <ThemeIcon variant="light" size={48} radius="xl">
            {notFound.icon}
          </ThemeIcon>
          <Title order={1} size="h3">
            {notFound.title}
          </Title>
          <Text size="sm" c="dimmed" maw={420}>
            {notFound.body}
          </Text>
          <Button component={Link} to={back.to} variant="light" leftSection={<IconArrowLeft size={16} />}>
            {notFound.action}
          </Button>
        </Stack>
      );
    }
    return (
      <Stack>
        <BackLink {...back} />
        <ProblemAlert error={query.error} />
      </Stack>
    );
  }
  return <>{children(query.data as R)}</>;
}
