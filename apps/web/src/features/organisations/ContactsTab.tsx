import { LINK_ROLES } from '@crm/contracts';
import {
  ActionIcon,
  Anchor,
  Avatar,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconLink,
  IconMail,
  IconPhone,
  IconStarFilled,
  IconUnlink,
  IconUserPlus,
  IconUsers,
} from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, type Schemas } from '../../api/client.ts';
import { organisationKeys } from '../../app/query-keys.ts';
import { CreatePersonModal } from '../../records/CreatePersonModal.tsx';
import { RecordPicker } from '../../records/RecordPicker.tsx';
import { fieldErrors } from '../../records/shared.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';

type Contact = Schemas['OrganisationPerson'];
type Role = (typeof LINK_ROLES)[number];

const initials = (c: Contact) => `${c.firstName.charAt(0)}${c.lastName.charAt(0)}`.toUpperCase();

/** The organisation's contacts with their role; create one linked to it, link an existing person, change a role, unlink. */
export function ContactsTab({ organisationId, canEdit }: { organisationId: string; canEdit: boolean }) {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [linking, linkModal] = useDisclosure();
  const [creating, createModal] = useDisclosure();
  const key = organisationKeys.part(organisationId, 'people');
  const contacts = useInfiniteQuery({
    queryKey: key,
    queryFn: async ({ pageParam, signal }) =>
      data(
        await api.GET('/api/v1/organisations/{id}/people', {
          params: {
            path: { id: organisationId },
            query: { limit: 50, sort: 'lastName', ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const list = contacts.data?.pages.flatMap((p) => p.items) ?? [];
  const total = contacts.data?.pages[0]?.total ?? 0;
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: ['people'] });
  };

  const changeRole = useMutation({
    mutationFn: async ({ c, role }: { c: Contact; role: Role }) =>
      data(
        await api.PATCH('/api/v1/people/{id}/organisations/{linkId}', {
          params: { path: { id: c.id, linkId: c.link.id } },
          body: { role },
        }),
      ),
    onSuccess: () => {
      refresh();
      notifications.show({ color: 'teal', message: t('contacts.roleChanged') });
    },
  });
  const unlink = useMutation({
    mutationFn: async (c: Contact) => {
      await api.DELETE('/api/v1/people/{id}/organisations/{linkId}', {
        params: { path: { id: c.id, linkId: c.link.id } },
      });
    },
    onSuccess: () => {
      refresh();
      notifications.show({ color: 'teal', message: t('contacts.unlinked') });
    },
  });
  const confirmUnlink = (c: Contact) => {
    const name = `${c.firstName} ${c.lastName}`;
    modals.openConfirmModal({
      title: t('contacts.unlinkTitle'),
      children: <Text size="sm">{t('contacts.unlinkBody', { name })}</Text>,
      labels: { confirm: tc('actions.remove'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => unlink.mutate(c),
    });
  };
  const roleOptions = LINK_ROLES.map((r) => ({ value: r, label: tc(`enums.linkRole.${r}`) }));

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {contacts.data ? t('contacts.total', { count: total }) : ''}
        </Text>
        {canEdit && (
          <Group gap="xs">
            <Button size="sm" leftSection={<IconUserPlus size={16} />} onClick={createModal.open}>
              {t('contacts.create')}
            </Button>
            <Button size="sm" variant="light" leftSection={<IconLink size={16} />} onClick={linkModal.open}>
              {t('contacts.link')}
            </Button>
          </Group>
        )}
      </Group>
      <ProblemAlert error={contacts.error} />
      {contacts.isPending ? (
        <Stack gap="xs" aria-busy="true">
          <Skeleton height={60} />
          <Skeleton height={60} />
        </Stack>
      ) : list.length === 0 ? (
        <EmptyState
          icon={<IconUsers size={26} />}
          title={t('contacts.empty')}
          action={
            canEdit ? (
              <Group gap="xs" justify="center">
                <Button size="sm" leftSection={<IconUserPlus size={16} />} onClick={createModal.open}>
                  {t('contacts.create')}
                </Button>
                <Button size="sm" variant="light" leftSection={<IconLink size={16} />} onClick={linkModal.open}>
                  {t('contacts.link')}
                </Button>
              </Group>
            ) : undefined
          }
        />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          {list.map((c) => {
            const name = `${c.firstName} ${c.lastName}`;
            return (
              <Paper key={c.link.id} withBorder p="sm" radius="md" data-testid="contact">
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Avatar radius="xl" color="initials" name={name} aria-hidden>
                    {initials(c)}
                  </Avatar>
                  <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                    <Group gap={6} wrap="nowrap">
                      <Anchor component={Link} to={`/people/${c.id}`} fw={600} size="sm" truncate="end">
                        {name}
                      </Anchor>
                      {c.link.isPrimary && (
                        <Badge size="xs" variant="light" color="yellow" leftSection={<IconStarFilled size={10} />}>
                          {t('contacts.primaryBadge')}
                        </Badge>
                      )}
                    </Group>
                    {(c.link.jobTitle ?? c.jobTitle) && (
                      <Text size="xs" c="dimmed" truncate="end">
                        {c.link.jobTitle ?? c.jobTitle}
                      </Text>
                    )}
                    <Group gap="sm" wrap="wrap">
                      {(c.link.workEmail ?? c.email) && (
                        <Anchor href={`mailto:${c.link.workEmail ?? c.email}`} size="xs">
                          <Group gap={4} wrap="nowrap">
                            <IconMail size={12} aria-hidden />
                            {c.link.workEmail ?? c.email}
                          </Group>
                        </Anchor>
                      )}
                      {(c.link.workPhone ?? c.phone) && (
                        <Anchor href={`tel:${c.link.workPhone ?? c.phone}`} size="xs">
                          <Group gap={4} wrap="nowrap">
                            <IconPhone size={12} aria-hidden />
                            {c.link.workPhone ?? c.phone}
                          </Group>
                        </Anchor>
                      )}
                    </Group>
                    {canEdit ? (
                      <Select
                        mt={4}
                        size="xs"
                        maw={220}
                        aria-label={t('contacts.roleOf', { name })}
                        data={roleOptions}
                        value={c.link.role}
                        allowDeselect={false}
                        onChange={(role) => role && changeRole.mutate({ c, role: role as Role })}
                      />
                    ) : (
                      <Badge size="sm" variant="outline" color="gray" mt={4}>
                        {tc(`enums.linkRole.${c.link.role}`)}
                      </Badge>
                    )}
                  </Stack>
                  {canEdit && (
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      onClick={() => confirmUnlink(c)}
                      aria-label={t('contacts.unlink', { name })}
                    >
                      <IconUnlink size={16} />
                    </ActionIcon>
                  )}
                </Group>
              </Paper>
            );
          })}
        </SimpleGrid>
      )}
      {contacts.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => contacts.fetchNextPage()} loading={contacts.isFetchingNextPage}>
            {t('contacts.loadMore')}
          </Button>
        </Group>
      )}
      {/* The new contact is linked to this organisation (the modal's organisation field shows it); its toast opens it. */}
      <CreatePersonModal
        opened={creating}
        onClose={createModal.close}
        organisationId={organisationId}
        onCreated={refresh}
      />
      <LinkPersonModal
        opened={linking}
        onClose={linkModal.close}
        organisationId={organisationId}
        exclude={list.map((c) => c.id)}
        onLinked={refresh}
      />
    </Stack>
  );
}

function LinkPersonModal({
  opened,
  onClose,
  organisationId,
  exclude,
  onLinked,
}: {
  opened: boolean;
  onClose: () => void;
  organisationId: string;
  exclude: string[];
  onLinked: () => void;
}) {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const form = useForm({
    initialValues: {
      personId: null as string | null,
      role: 'contact_secondaire' as Role,
      jobTitle: '',
      isPrimary: false,
    },
    validate: { personId: (v) => (v ? null : t('contacts.personRequired')) },
  });
  const link = useMutation({
    mutationFn: async (v: typeof form.values) =>
      data(
        await api.POST('/api/v1/people/{id}/organisations', {
          params: { path: { id: v.personId as string } },
          body: { organisationId, role: v.role, isPrimary: v.isPrimary, jobTitle: v.jobTitle.trim() || null },
        }),
      ),
    onSuccess: () => {
      onLinked();
      notifications.show({ color: 'teal', message: t('contacts.linked') });
      form.reset();
      onClose();
    },
    onError: (e) => form.setErrors(fieldErrors(e, ['role', 'jobTitle', 'isPrimary'])),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('contacts.linkTitle')}>
      <form onSubmit={form.onSubmit((v) => link.mutate(v))} noValidate>
        <Stack gap="sm">
          <RecordPicker
            entity="person"
            label={t('contacts.person')}
            required
            value={form.values.personId}
            onChange={(id) => form.setFieldValue('personId', id)}
            error={form.errors.personId}
            exclude={exclude}
            data-autofocus
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('contacts.role')}
              data={LINK_ROLES.map((r) => ({ value: r, label: tc(`enums.linkRole.${r}`) }))}
              allowDeselect={false}
              {...form.getInputProps('role')}
            />
            <TextInput label={t('contacts.jobTitle')} {...form.getInputProps('jobTitle')} />
          </SimpleGrid>
          <Checkbox label={t('contacts.primary')} {...form.getInputProps('isPrimary', { type: 'checkbox' })} />
          <ProblemAlert error={link.error} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={link.isPending}>
              {tc('actions.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
