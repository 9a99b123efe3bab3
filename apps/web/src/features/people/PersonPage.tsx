import {
  Alert,
  Anchor,
  Avatar,
  Badge,
  Button,
  Card,
  Divider,
  Group,
  Menu,
  Modal,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowLeft,
  IconBrandLinkedin,
  IconBuilding,
  IconChevronDown,
  IconDeviceMobile,
  IconDownload,
  IconGitMerge,
  IconMail,
  IconMask,
  IconPencil,
  IconPhone,
  IconTrash,
  IconUser,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, apiUrl, data } from '../../api/client.ts';
import { hasRole, mayModify, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { useUrlParams } from '../../app/search-params';
import { CreateTaskButton, EntityTasks, LogInteractionButton, NotesAndFiles, Timeline } from '../../records/index.ts';
import { useRecordLifecycle } from '../../records/lifecycle.tsx';
import { fullName, type Person, peopleKeys, usePerson, usePersonLinks } from '../../records/person.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageSkeleton } from '../../ui/PageSkeleton.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { EditPersonModal } from './EditPersonModal.tsx';
import { PersonInfoTab } from './PersonInfoTab.tsx';
import { PersonMandatsTab } from './PersonMandatsTab.tsx';
import { PersonOrganisationsTab } from './PersonOrganisationsTab.tsx';

const TABS = ['info', 'organisations', 'mandats', 'timeline', 'tasks', 'notes'] as const;
type Tab = (typeof TABS)[number];

export default function PersonPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('people');
  const person = usePerson(id);

  if (person.isPending) return <PageSkeleton />;
  if (person.isError) {
    if (person.error instanceof ApiError && (person.error.status === 404 || person.error.status === 400)) {
      return (
        <EmptyState
          icon={<IconUser size={26} />}
          title={t('detail.notFoundTitle')}
          hint={t('detail.notFoundHint')}
          action={
            <Button component={Link} to="/people" variant="light" leftSection={<IconArrowLeft size={16} />}>
              {t('detail.backToList')}
            </Button>
          }
        />
      );
    }
    return <ProblemAlert error={person.error} />;
  }
  return <PersonDetail person={person.data} />;
}

function PersonDetail({ person }: { person: Person }) {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const writer = mayModify(user, person);
  const compliance = hasRole(user, 'manager');
  const _navigate = useNavigate();
  const queryClient = useQueryClient();
  const { userName } = useDirectory();
  const fmt = useFormat();
  const links = usePersonLinks(person.id);
  const [params, setParams] = useUrlParams();
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'info';
  const [editOpen, editModal] = useDisclosure();
  const [anonymiseOpen, anonymiseModal] = useDisclosure();
  const name = fullName(person);
  const anonymised = !!person.anonymisedAt;

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

  /** Undo of a deletion, from the notification (the page is gone by then, so no hook state). */
  const { confirmDelete } = useRecordLifecycle('people', person.id, {
    confirmTitle: t('detail.deleteTitle'),
    confirmBody: t('detail.deleteConfirm', { name }),
    deleted: t('detail.deleted', { name }),
    restored: t('detail.restored', { name }),
  });

  const primaryPhone = person.phone ?? null;
  const orgs = links.data ?? [];
  const primaryOrganisation = orgs.find((l) => l.isPrimary) ?? (orgs.length === 1 ? orgs[0] : undefined);
  /** An interaction or task from here concerns the contact and, unless changed in the form, their company. */
  const activityLinks = { personId: person.id, organisationId: primaryOrganisation?.organisationId ?? null };
  const refreshPerson = () => void queryClient.invalidateQueries({ queryKey: peopleKeys.detail(person.id) });

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/people" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('title')}
        </Group>
      </Anchor>

      {anonymised && (
        <Alert color="gray" icon={<IconMask size={18} />} title={t('detail.anonymisedTitle')}>
          {t('detail.anonymisedBody')}
          {person.anonymisationReason && (
            <Text size="sm" mt={4}>
              {t('detail.anonymisedReason', { reason: person.anonymisationReason })}
            </Text>
          )}
        </Alert>
      )}

      <Card withBorder padding="lg">
        <Group justify="space-between" align="flex-start" gap="md">
          <Group gap="md" align="center" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 280px' }}>
            <Avatar size={56} radius="xl" color="initials" name={name} />
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Group gap="xs">
                <Title order={1} size="h2">
                  {name}
                </Title>
                {!person.isActive && (
                  <Badge color="gray" variant="light">
                    {t('badges.inactive')}
                  </Badge>
                )}
                {person.marketingOptOut && (
                  <Badge color="orange" variant="light">
                    {t('badges.optOut')}
                  </Badge>
                )}
              </Group>
              {(person.jobTitle || primaryOrganisation) && (
                <Text c="dimmed">
                  {[person.jobTitle, primaryOrganisation?.organisationName].filter(Boolean).join(' · ')}
                </Text>
              )}
            </Stack>
          </Group>

          <Group gap="xs" data-testid="person-actions">
            {!anonymised && (
              <>
                <LogInteractionButton links={activityLinks} onLogged={refreshPerson} />
                <CreateTaskButton links={activityLinks} variant="default" />
              </>
            )}
            {writer && !anonymised && (
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={editModal.open}>
                {tc('actions.edit')}
              </Button>
            )}
            {(writer || compliance) && (
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button variant="default" rightSection={<IconChevronDown size={16} />}>
                    {tc('actions.more')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {writer && !anonymised && (
                    <Menu.Item
                      leftSection={<IconGitMerge size={16} />}
                      component={Link}
                      to={`/people/${person.id}/merge`}
                    >
                      {t('detail.merge')}
                    </Menu.Item>
                  )}
                  {compliance && (
                    <>
                      <Menu.Label>{t('detail.rgpd')}</Menu.Label>
                      <Menu.Item
                        leftSection={<IconDownload size={16} />}
                        component="a"
                        href={apiUrl(`/people/${person.id}/rgpd-export`)}
                        download={`rgpd-${person.lastName}-${person.firstName}.json`.replace(/\s+/g, '-')}
                      >
                        {t('detail.rgpdExport')}
                      </Menu.Item>
                      {!anonymised && (
                        <Menu.Item leftSection={<IconMask size={16} />} color="red" onClick={anonymiseModal.open}>
                          {t('detail.anonymise')}
                        </Menu.Item>
                      )}
                    </>
                  )}
                  {writer && (
                    <>
                      <Menu.Divider />
                      <Menu.Item leftSection={<IconTrash size={16} />} color="red" onClick={confirmDelete}>
                        {tc('actions.delete')}
                      </Menu.Item>
                    </>
                  )}
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>

        <Divider my="md" />
        <Group gap="xl" align="flex-start" data-testid="person-meta">
          {orgs.length > 0 && (
            <Meta label={t('tabs.organisations')}>
              <Group gap="xs" data-testid="person-organisations">
                {orgs.map((l) => (
                  <Group key={l.id} gap={4} wrap="nowrap">
                    <IconBuilding size={14} aria-hidden />
                    <Anchor component={Link} to={`/organisations/${l.organisationId}`} size="sm" fw={500}>
                      {l.organisationName}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      ({tc(`enums.linkRole.${l.role}`)})
                    </Text>
                  </Group>
                ))}
              </Group>
            </Meta>
          )}
          {person.email && (
            <Meta label={t('fields.email')}>
              <Contact icon={<IconMail size={14} />} href={`mailto:${person.email}`} label={person.email} />
            </Meta>
          )}
          {primaryPhone && (
            <Meta label={t('fields.phone')}>
              <Contact
                icon={<IconPhone size={14} />}
                href={`tel:${primaryPhone.replace(/\s/g, '')}`}
                label={primaryPhone}
              />
            </Meta>
          )}
          {person.mobile && (
            <Meta label={t('fields.mobile')}>
              <Contact
                icon={<IconDeviceMobile size={14} />}
                href={`tel:${person.mobile.replace(/\s/g, '')}`}
                label={person.mobile}
              />
            </Meta>
          )}
          {person.linkedinUrl && (
            <Meta label={t('detail.linkedin')}>
              <Contact
                icon={<IconBrandLinkedin size={14} />}
                href={person.linkedinUrl}
                label={t('detail.linkedinProfile')}
                external
              />
            </Meta>
          )}
          <Meta label={t('fields.owner')}>
            <Text size="sm">{userName(person.ownerId)}</Text>
          </Meta>
          <Meta label={t('fields.lastActivityAt')}>
            <Text size="sm" title={fmt.dateTime(person.lastActivityAt)}>
              {person.lastActivityAt ? fmt.relative(person.lastActivityAt) : t('list.noActivity')}
            </Text>
          </Meta>
        </Group>
      </Card>

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List className="scroll-x" style={{ flexWrap: 'nowrap' }}>
          <Tabs.Tab value="info">{t('tabs.info')}</Tabs.Tab>
          <Tabs.Tab
            value="organisations"
            rightSection={
              orgs.length > 0 ? (
                <Badge size="xs" variant="light" circle>
                  {orgs.length}
                </Badge>
              ) : undefined
            }
          >
            {t('tabs.organisations')}
          </Tabs.Tab>
          <Tabs.Tab value="mandats">{t('tabs.mandats')}</Tabs.Tab>
          <Tabs.Tab value="timeline">{t('tabs.timeline')}</Tabs.Tab>
          <Tabs.Tab value="tasks">{t('tabs.tasks')}</Tabs.Tab>
          <Tabs.Tab value="notes">{t('tabs.notes')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="info" pt="md">
          <PersonInfoTab person={person} readOnly={!writer} />
        </Tabs.Panel>
        <Tabs.Panel value="organisations" pt="md">
          <PersonOrganisationsTab person={person} readOnly={!writer || anonymised} />
        </Tabs.Panel>
        <Tabs.Panel value="mandats" pt="md">
          <PersonMandatsTab person={person} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <Timeline entity="person" id={person.id} />
        </Tabs.Panel>
        <Tabs.Panel value="tasks" pt="md">
          <EntityTasks entity="person" id={person.id} />
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          <NotesAndFiles entity="person" id={person.id} />
        </Tabs.Panel>
      </Tabs>

      {writer && <EditPersonModal person={person} opened={editOpen} onClose={editModal.close} />}
      {compliance && <AnonymiseModal person={person} opened={anonymiseOpen} onClose={anonymiseModal.close} />}
    </Stack>
  );
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

function Contact({
  icon,
  href,
  label,
  external,
}: {
  icon: ReactNode;
  href: string;
  label: string;
  external?: boolean;
}) {
  return (
    <Anchor
      href={href}
      size="sm"
      {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
      style={{ overflowWrap: 'anywhere' }}
    >
      <Group gap={4} wrap="nowrap">
        {icon}
        {label}
      </Group>
    </Anchor>
  );
}

/** RGPD art. 17: irreversible, so the user types the contact's full name to confirm. */
function AnonymiseModal({ person, opened, onClose }: { person: Person; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const name = fullName(person);
  const reasonOk = reason.trim().length >= 3 && reason.trim().length <= 500;
  const matches = typed.trim().toLocaleLowerCase() === name.toLocaleLowerCase() && reasonOk;
  const anonymise = useMutation({
    mutationFn: async () =>
      data(
        await api.POST('/api/v1/people/{id}/anonymise', {
          params: { path: { id: person.id } },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: (r) => {
      queryClient.setQueryData(peopleKeys.detail(person.id), r.person);
      void queryClient.invalidateQueries({ queryKey: ['people'] });
      notifications.show({ color: 'teal', message: t('anonymise.done') });
      setTyped('');
      setReason('');
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('anonymise.title')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (matches) anonymise.mutate();
        }}
      >
        <Stack>
          <Alert color="red" icon={<IconMask size={18} />}>
            {t('anonymise.warning')}
          </Alert>
          <ProblemAlert error={anonymise.error} />
          <Textarea
            label={t('anonymise.reason')}
            description={t('anonymise.reasonDescription')}
            placeholder={t('anonymise.reasonPlaceholder')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
            required
            data-autofocus
          />
          <TextInput
            label={t('anonymise.typeName', { name })}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" color="red" disabled={!matches} loading={anonymise.isPending}>
              {t('anonymise.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
