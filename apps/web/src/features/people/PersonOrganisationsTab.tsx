import { LINK_ROLES } from '@crm/contracts';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconBuilding,
  IconDots,
  IconMail,
  IconPencil,
  IconPhone,
  IconPlus,
  IconStar,
  IconStarFilled,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api, data } from '../../api/client.ts';
import { organisationKeys, peopleKeys } from '../../app/query-keys.ts';
import { fullName, type LinkRole, type Person, type PersonLink, usePersonLinks } from '../../records/person.ts';
import { invalidateRecord } from '../../records/queries.ts';
import { RecordPicker } from '../../records/RecordPicker.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { fieldProblem, ProblemAlert } from '../../ui/ProblemAlert.tsx';

type LinkPatch = {
  role?: LinkRole;
  isPrimary?: boolean;
  jobTitle?: string | null;
  workEmail?: string | null;
  workPhone?: string | null;
};

function useLinkMutations(personId: string) {
  const queryClient = useQueryClient();
  const refresh = () => {
    invalidateRecord(queryClient, peopleKeys, personId);
    void queryClient.invalidateQueries({ queryKey: peopleKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: organisationKeys.all });
  };
  const update = useMutation({
    mutationFn: async ({ linkId, patch }: { linkId: string; patch: LinkPatch }) =>
      data(
        await api.PATCH('/api/v1/people/{id}/organisations/{linkId}', {
          params: { path: { id: personId, linkId } },
          body: patch,
        }),
      ),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: async (linkId: string) =>
      api.DELETE('/api/v1/people/{id}/organisations/{linkId}', { params: { path: { id: personId, linkId } } }),
    onSuccess: refresh,
  });
  const add = useMutation({
    mutationFn: async (body: LinkPatch & { organisationId: string }) =>
      data(await api.POST('/api/v1/people/{id}/organisations', { params: { path: { id: personId } }, body })),
    onSuccess: refresh,
  });
  return { update, remove, add };
}

/** The organisations a contact works with: add, change the role or details, set the primary one, remove. */
export function PersonOrganisationsTab({ person, readOnly }: { person: Person; readOnly: boolean }) {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const links = usePersonLinks(person.id);
  const { update, remove } = useLinkMutations(person.id);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<PersonLink | null>(null);
  const roleOptions = LINK_ROLES.map((r) => ({ value: r, label: tc(`enums.linkRole.${r}`) }));

  const confirmRemove = (link: PersonLink) =>
    modals.openConfirmModal({
      title: t('links.removeTitle'),
      children: (
        <Text size="sm">
          {t('links.removeConfirm', { person: fullName(person), organisation: link.organisationName })}
        </Text>
      ),
      labels: { confirm: tc('actions.remove'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(link.id, {
          onSuccess: () => notifications.show({ color: 'teal', message: t('links.removed') }),
        }),
    });

  if (links.isPending) {
    return (
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Skeleton height={140} />
        <Skeleton height={140} />
      </SimpleGrid>
    );
  }
  if (links.isError) return <ProblemAlert error={links.error} />;
  const items = links.data;

  return (
    <Stack>
      {!readOnly && items.length > 0 && (
        <Group justify="flex-end">
          <Button leftSection={<IconPlus size={16} />} variant="light" onClick={() => setAdding(true)}>
            {t('links.add')}
          </Button>
        </Group>
      )}
      {items.length === 0 ? (
        <Card withBorder>
          <EmptyState
            icon={<IconBuilding size={26} />}
            title={t('links.emptyTitle')}
            hint={t('links.emptyHint')}
            action={
              !readOnly && (
                <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
                  {t('links.add')}
                </Button>
              )
            }
          />
        </Card>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {items.map((link) => (
            <Card key={link.id} withBorder padding="md" data-testid="person-link">
              <Stack gap="sm">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                    <IconBuilding size={18} style={{ flex: 'none' }} aria-hidden />
                    <Anchor component={Link} to={`/organisations/${link.organisationId}`} fw={600} truncate>
                      {link.organisationName}
                    </Anchor>
                    {link.isPrimary && (
                      <Badge size="sm" variant="light" leftSection={<IconStarFilled size={10} />}>
                        {t('links.primary')}
                      </Badge>
                    )}
                  </Group>
                  {!readOnly && (
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t('labelled', { label: tc('actions.more'), value: link.organisationName })}
                        >
                          <IconDots size={18} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setEditing(link)}>
                          {t('links.edit')}
                        </Menu.Item>
                        {!link.isPrimary && (
                          <Menu.Item
                            leftSection={<IconStar size={14} />}
                            onClick={() =>
                              update.mutate(
                                { linkId: link.id, patch: { isPrimary: true } },
                                {
                                  onSuccess: () =>
                                    notifications.show({ color: 'teal', message: t('links.primarySet') }),
                                },
                              )
                            }
                          >
                            {t('links.makePrimary')}
                          </Menu.Item>
                        )}
                        <Menu.Item
                          color="red"
                          leftSection={<IconTrash size={14} />}
                          onClick={() => confirmRemove(link)}
                        >
                          {t('links.remove')}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Group>
                <Select
                  label={t('fields.role')}
                  size="xs"
                  data={roleOptions}
                  value={link.role}
                  allowDeselect={false}
                  readOnly={readOnly}
                  maw={260}
                  onChange={(v) =>
                    v &&
                    v !== link.role &&
                    update.mutate(
                      { linkId: link.id, patch: { role: v as LinkRole } },
                      {
                        onSuccess: () => notifications.show({ color: 'teal', message: t('links.saved') }),
                      },
                    )
                  }
                />
                <Stack gap={4}>
                  {link.jobTitle && <Text size="sm">{link.jobTitle}</Text>}
                  {link.workEmail && (
                    <Group gap={6} wrap="nowrap">
                      <IconMail size={14} aria-hidden />
                      <Anchor href={`mailto:${link.workEmail}`} size="sm" truncate>
                        {link.workEmail}
                      </Anchor>
                    </Group>
                  )}
                  {link.workPhone && (
                    <Group gap={6} wrap="nowrap">
                      <IconPhone size={14} aria-hidden />
                      <Anchor href={`tel:${link.workPhone.replace(/\s/g, '')}`} size="sm">
                        {link.workPhone}
                      </Anchor>
                    </Group>
                  )}
                  {!link.jobTitle && !link.workEmail && !link.workPhone && (
                    <Text size="xs" c="dimmed">
                      {t('links.noDetails')}
                    </Text>
                  )}
                </Stack>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}

      <Modal opened={adding} onClose={() => setAdding(false)} title={t('links.addTitle')}>
        {adding && (
          <LinkForm
            personId={person.id}
            exclude={items.map((l) => l.organisationId)}
            firstLink={items.length === 0}
            onDone={() => setAdding(false)}
          />
        )}
      </Modal>
      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        title={editing ? t('links.editTitle', { organisation: editing.organisationName }) : ''}
      >
        {editing && <LinkForm personId={person.id} link={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

interface LinkValues {
  role: LinkRole;
  isPrimary: boolean;
  jobTitle: string;
  workEmail: string;
  workPhone: string;
}

/** Adds a link (with `exclude`d organisations left out of the picker) or edits `link`. */
function LinkForm({
  personId,
  link,
  exclude,
  firstLink,
  onDone,
}: {
  personId: string;
  link?: PersonLink;
  exclude?: string[];
  firstLink?: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const { add, update } = useLinkMutations(personId);
  const mutation = link ? update : add;
  const [organisation, setOrganisation] = useState<string | null>(null);
  const [organisationError, setOrganisationError] = useState<string | null>(null);
  const form = useForm<LinkValues>({
    initialValues: {
      role: link?.role ?? 'contact_secondaire',
      isPrimary: link?.isPrimary ?? !!firstLink,
      jobTitle: link?.jobTitle ?? '',
      workEmail: link?.workEmail ?? '',
      workPhone: link?.workPhone ?? '',
    },
    validate: {
      workEmail: (v) => (v.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? t('form.invalidEmail') : null),
    },
  });

  const submit = form.onSubmit((v) => {
    const patch: LinkPatch = {
      role: v.role,
      isPrimary: v.isPrimary,
      jobTitle: v.jobTitle.trim() || null,
      workEmail: v.workEmail.trim() || null,
      workPhone: v.workPhone.trim() || null,
    };
    const onSuccess = () => {
      notifications.show({ color: 'teal', message: link ? t('links.saved') : t('links.added') });
      onDone();
    };
    const onError = (e: unknown) => {
      if (!(e instanceof ApiError)) return;
      const errors: Record<string, string> = {};
      for (const f of e.fields) errors[f.path.replace(/^body\./, '')] = fieldProblem(f);
      form.setErrors(errors);
    };
    if (link) update.mutate({ linkId: link.id, patch }, { onSuccess, onError });
    else if (!organisation) setOrganisationError(t('form.required'));
    else add.mutate({ ...patch, organisationId: organisation }, { onSuccess, onError });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ProblemAlert error={mutation.error} />
        {!link && (
          <RecordPicker
            entity="organisation"
            label={t('fields.organisation')}
            withAsterisk
            data-autofocus
            value={organisation}
            onChange={(id) => {
              setOrganisation(id);
              setOrganisationError(null);
            }}
            exclude={exclude}
            error={organisationError}
          />
        )}
        <Select
          label={t('fields.role')}
          data={LINK_ROLES.map((r) => ({ value: r, label: tc(`enums.linkRole.${r}`) }))}
          allowDeselect={false}
          {...form.getInputProps('role')}
        />
        <TextInput label={t('links.jobTitle')} {...form.getInputProps('jobTitle')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('links.workEmail')} type="email" {...form.getInputProps('workEmail')} />
          <TextInput label={t('links.workPhone')} type="tel" {...form.getInputProps('workPhone')} />
        </SimpleGrid>
        <Switch
          label={t('links.isPrimary')}
          description={t('links.isPrimaryHint')}
          {...form.getInputProps('isPrimary', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {tc('actions.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {link ? tc('actions.save') : tc('actions.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
