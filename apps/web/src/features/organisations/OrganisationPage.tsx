import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconArrowLeft,
  IconBuilding,
  IconDots,
  IconGitMerge,
  IconMapPin,
  IconPencil,
  IconTrash,
  IconWorld,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, data, type Schemas } from '../../api/client.ts';
import { mayModify, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { useUrlParams } from '../../app/search-params';
import { CreateTaskButton } from '../../records/CreateTaskModal.tsx';
import { EntityTasks } from '../../records/EntityTasks.tsx';
import { LogInteractionButton } from '../../records/LogInteractionModal.tsx';
import { useRecordLifecycle } from '../../records/lifecycle.tsx';
import { NotesAndFiles } from '../../records/NotesAndFiles.tsx';
import { Timeline } from '../../records/Timeline.tsx';
import { PageSkeleton } from '../../ui/PageSkeleton.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { ContactsTab } from './ContactsTab.tsx';
import { InfoTab } from './InfoTab.tsx';
import { MandatsTab, useOrganisationMandats } from './MandatsTab.tsx';
import { OrganisationFormModal } from './OrganisationFormModal.tsx';
import { useOrganisationOptions } from './options.ts';

type Organisation = Schemas['Organisation'];
const TABS = ['info', 'contacts', 'mandats', 'timeline', 'tasks', 'notes'] as const;
type Tab = (typeof TABS)[number];

export function useOrganisation(id: string) {
  return useQuery({
    queryKey: ['organisations', id],
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/organisations/{id}', { params: { path: { id } }, signal })),
  });
}

export default function OrganisationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('organisations');
  const org = useOrganisation(id);

  if (org.isPending) return <PageSkeleton rows={6} />;
  if (org.error) {
    if (org.error instanceof ApiError && (org.error.status === 404 || org.error.status === 400))
      return (
        <Stack align="center" gap="xs" py="xl" ta="center">
          <ThemeIcon variant="light" size={48} radius="xl">
            <IconBuilding size={26} />
          </ThemeIcon>
          <Title order={1} size="h3">
            {t('detail.notFoundTitle')}
          </Title>
          <Text size="sm" c="dimmed" maw={420}>
            {t('detail.notFoundBody')}
          </Text>
          <Button component={Link} to="/organisations" variant="light">
            {t('detail.back')}
          </Button>
        </Stack>
      );
    return <ProblemAlert error={org.error} />;
  }
  return <OrganisationView organisation={org.data} />;
}

function OrganisationView({ organisation: o }: { organisation: Organisation }) {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const writer = mayModify(user, o);
  const { userName } = useDirectory();
  const options = useOrganisationOptions();
  const _navigate = useNavigate();
  const _queryClient = useQueryClient();
  const [params, setParams] = useUrlParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'info';
  const [editing, editModal] = useDisclosure();
  const links = { organisationId: o.id };

  const { confirmDelete } = useRecordLifecycle('organisations', o.id, {
    confirmTitle: t('detail.deleteTitle', { name: o.name }),
    confirmBody: t('detail.deleteBody'),
    deleted: t('detail.deleted', { name: o.name }),
    restored: t('detail.restored', { name: o.name }),
  });
  const setTab = (value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (!value || value === 'info') next.delete('tab');
        else next.set('tab', value);
        return next;
      },
      { replace: true },
    );
  const place = [o.city, o.countryCode !== 'FR' || !o.city ? options.countryName(o.countryCode) : null]
    .filter(Boolean)
    .join(', ');
  const website = o.website && !/^https?:\/\//i.test(o.website) ? `https://${o.website}` : o.website;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/organisations" size="sm" c="dimmed" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('detail.back')}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {o.name}
          </Title>
          <Group gap={6} wrap="wrap">
            <Badge variant="light">{tc(`enums.organisationType.${o.type}`)}</Badge>
            <Badge variant="outline">{o.category}</Badge>
            {o.tier && (
              <Badge variant="light" color="grape">
                Tier {o.tier}
              </Badge>
            )}
            {!o.isActive && (
              <Badge variant="filled" color="gray">
                {t('detail.inactive')}
              </Badge>
            )}
          </Group>
          <Group gap="md" wrap="wrap">
            <Text size="sm" c="dimmed">
              {t('detail.ownerLine', { name: userName(o.ownerId) })}
            </Text>
            {place && (
              <Group gap={4}>
                <IconMapPin size={14} aria-hidden />
                <Text size="sm" c="dimmed">
                  {place}
                </Text>
              </Group>
            )}
            {website && (
              <Anchor href={website} target="_blank" rel="noreferrer" size="sm">
                <Group gap={4} wrap="nowrap">
                  <IconWorld size={14} aria-hidden />
                  {o.website}
                </Group>
              </Anchor>
            )}
          </Group>
        </Stack>
        {writer && (
          <Group gap="xs" wrap="wrap">
            <LogInteractionButton links={links} />
            <CreateTaskButton links={links} variant="default" />
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={editModal.open}>
              {tc('actions.edit')}
            </Button>
            <Menu position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="default" size="lg" aria-label={t('detail.actions')}>
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={<IconGitMerge size={14} />}
                  component={Link}
                  to={`/organisations/${o.id}/merge`}
                >
                  {t('detail.merge')}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={confirmDelete}>
                  {t('detail.delete')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </Group>

      <KeyFigures organisation={o} onOpenTab={setTab} />

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List aria-label={t('tabs.label')} className="scroll-x" style={{ flexWrap: 'nowrap' }}>
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k} style={{ whiteSpace: 'nowrap' }}>
              {t(`tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="info" pt="md">
          <InfoTab organisation={o} canEdit={writer} />
        </Tabs.Panel>
        <Tabs.Panel value="contacts" pt="md">
          <ContactsTab organisationId={o.id} canEdit={writer} />
        </Tabs.Panel>
        <Tabs.Panel value="mandats" pt="md">
          <MandatsTab organisationId={o.id} canEdit={writer} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <Timeline entity="organisation" id={o.id} />
        </Tabs.Panel>
        <Tabs.Panel value="tasks" pt="md">
          <EntityTasks entity="organisation" id={o.id} />
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          <NotesAndFiles entity="organisation" id={o.id} />
        </Tabs.Panel>
      </Tabs>

      <OrganisationFormModal opened={editing} onClose={editModal.close} organisation={o} />
    </Stack>
  );
}

function Figure({
  label,
  value,
  hint,
  onClick,
}: {
  label: string;
  value: string;
  hint?: string;
  onClick?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" fw={500} tt="uppercase">
        {label}
      </Text>
      {onClick ? (
        <Anchor
          component="button"
          type="button"
          onClick={onClick}
          fz="xl"
          fw={700}
          c="var(--mantine-color-text)"
          aria-label={t('labelled', { label, value })}
        >
          {value}
        </Anchor>
      ) : (
        <Text fz="xl" fw={700}>
          {value}
        </Text>
      )}
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function KeyFigures({ organisation: o, onOpenTab }: { organisation: Organisation; onOpenTab: (tab: Tab) => void }) {
  const { t } = useTranslation('organisations');
  const fmt = useFormat();
  const mandats = useOrganisationMandats(o.id);
  const contacts = useQuery({
    queryKey: ['organisations', o.id, 'people', 'count'],
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/organisations/{id}/people', {
          params: { path: { id: o.id }, query: { limit: 1 } },
          signal,
        }),
      ).total,
  });
  const totals = (list: [string, number][]) =>
    list.length === 0 ? fmt.money(0) : list.map(([cur, n]) => fmt.compactMoney(n, cur)).join(' · ');
  const loading = '…';

  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" aria-label={t('detail.figures')} component="section">
      <Figure
        label={t('detail.aum')}
        value={o.aum ? fmt.compactMoney(o.aum) : '—'}
        hint={o.aumDate ? t('detail.aumAt', { date: fmt.date(o.aumDate) }) : undefined}
      />
      <Figure
        label={t('detail.openMandats')}
        value={mandats.query.isPending ? loading : totals(mandats.openTotals)}
        hint={mandats.query.isPending ? undefined : t('detail.openMandatsCount', { count: mandats.open.length })}
        onClick={() => onOpenTab('mandats')}
      />
      <Figure
        label={t('detail.wonMandats')}
        value={mandats.query.isPending ? loading : totals(mandats.wonTotals)}
        onClick={() => onOpenTab('mandats')}
      />
      <Figure
        label={t('detail.contacts')}
        value={contacts.data === undefined ? loading : fmt.number(contacts.data)}
        onClick={() => onOpenTab('contacts')}
      />
    </SimpleGrid>
  );
}
