import { LINK_ROLES } from '@crm/contracts';
import { Alert, Anchor, Button, Group, Modal, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconExternalLink, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, data } from '../api/client.ts';
import { useCurrentUser } from '../app/auth.tsx';
import { organisationKeys, peopleKeys } from '../app/query-keys.ts';
import { ProblemAlert } from '../ui/ProblemAlert.tsx';
import {
  applyApiErrors,
  emptyPersonValues,
  PersonFields,
  type PersonFormValues,
  toPersonBody,
  usePersonValidation,
} from './PersonForm.tsx';
import { type DuplicateCandidate, duplicateCandidates, fullName, type LinkRole, type Person } from './person.ts';
import { invalidateRecord, recordSaved } from './queries.ts';
import { RecordPicker } from './RecordPicker.tsx';

export interface CreatePersonModalProps {
  opened: boolean;
  onClose: () => void;
  /** Called with the new contact (e.g. to open it). */
  onCreated?: (person: Person) => void;
  /** Pre-selects the organisation the contact is linked to (from an organisation's page). */
  organisationId?: string | null;
}

/**
 * Creates a contact, optionally linked to an organisation with a role. When the API finds similar contacts
 * (409 `person.duplicate`), they are listed with "open the existing one" and "create anyway" (`force`).
 */
export function CreatePersonModal(props: CreatePersonModalProps) {
  const { t } = useTranslation('people');
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('create.title')} size="lg">
      {props.opened && <CreatePersonForm {...props} />}
    </Modal>
  );
}

function CreatePersonForm({ onClose, onCreated, organisationId: presetOrganisation }: CreatePersonModalProps) {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const validate = usePersonValidation();
  const [duplicates, setDuplicates] = useState<DuplicateCandidate[] | null>(null);
  const form = useForm<PersonFormValues>({
    initialValues: emptyPersonValues(user.id),
    validate,
    // Another name or e-mail: the candidates found for the previous one no longer apply.
    onValuesChange: () => setDuplicates(null),
  });
  const [organisation, setOrganisation] = useState<string | null>(presetOrganisation ?? null);
  const [role, setRole] = useState<LinkRole>('contact_principal');
  const [more, setMore] = useState(false);

  const create = useMutation({
    mutationFn: async ({ values, force }: { values: PersonFormValues; force: boolean }) =>
      data(
        await api.POST('/api/v1/people', {
          body: {
            ...toPersonBody(values),
            firstName: values.firstName.trim(),
            lastName: values.lastName.trim(),
            ...(organisation ? { organisationId: organisation, role } : {}),
            ...(force ? { force: true } : {}),
          },
        }),
      ),
    onSuccess: (person) => {
      recordSaved(queryClient, peopleKeys, person);
      if (organisation) {
        // The organisation's contacts (and their count) and its lists' contact figures.
        invalidateRecord(queryClient, organisationKeys, organisation);
        void queryClient.invalidateQueries({ queryKey: organisationKeys.lists() });
      }
      notifications.show({
        color: 'teal',
        title: t('create.done', { name: fullName(person) }),
        message: (
          // Notifications render outside the router: a button that navigates, not a <Link>.
          <Anchor component="button" type="button" size="sm" onClick={() => navigate(`/people/${person.id}`)}>
            {t('create.open')}
          </Anchor>
        ),
      });
      onClose();
      onCreated?.(person);
    },
    onError: (error) => {
      const candidates = duplicateCandidates(error);
      if (candidates) setDuplicates(candidates);
      else applyApiErrors(form, error);
    },
  });

  const submit = (force: boolean) =>
    form.onSubmit((values) => {
      setDuplicates(null);
      create.mutate({ values, force });
    });

  const showError = create.error && !duplicateCandidates(create.error);

  return (
    <form onSubmit={submit(false)} noValidate>
      <Stack>
        {showError && <ProblemAlert error={create.error} />}
        <PersonFields form={form} more={more} />
        <Anchor component="button" type="button" size="sm" onClick={() => setMore((m) => !m)} w="fit-content">
          {more ? t('form.lessFields') : t('form.moreFields')}
        </Anchor>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <RecordPicker
            entity="organisation"
            label={t('fields.organisation')}
            placeholder={t('create.organisationPlaceholder')}
            value={organisation}
            onChange={(id) => setOrganisation(id)}
          />
          <Select
            label={t('fields.role')}
            data={LINK_ROLES.map((r) => ({ value: r, label: tc(`enums.linkRole.${r}`) }))}
            value={role}
            onChange={(v) => v && setRole(v as LinkRole)}
            allowDeselect={false}
            disabled={!organisation}
          />
        </SimpleGrid>

        {duplicates && (
          <Alert
            color="yellow"
            icon={<IconCopy size={18} />}
            title={t('duplicates.title', { count: duplicates.length })}
            data-testid="duplicates-prompt"
          >
            <Stack gap="xs">
              <Text size="sm">{t('duplicates.body')}</Text>
              {duplicates.map((c) => (
                <Group key={c.id} justify="space-between" wrap="nowrap" gap="xs">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600} truncate>
                      {fullName(c)}
                    </Text>
                    {c.email && (
                      <Text size="xs" c="dimmed" truncate>
                        {c.email}
                      </Text>
                    )}
                  </div>
                  <Button
                    component={Link}
                    to={`/people/${c.id}`}
                    onClick={onClose}
                    size="xs"
                    variant="light"
                    leftSection={<IconExternalLink size={14} />}
                    aria-label={t('labelled', { label: t('duplicates.open'), value: fullName(c) })}
                  >
                    {t('duplicates.open')}
                  </Button>
                </Group>
              ))}
              {duplicates.length === 0 && <Text size="sm">{t('duplicates.hidden')}</Text>}
              <Group justify="flex-end">
                <Button
                  size="xs"
                  color="yellow"
                  variant="filled"
                  onClick={() => submit(true)()}
                  loading={create.isPending}
                >
                  {t('duplicates.createAnyway')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}

        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {tc('actions.cancel')}
          </Button>
          <Button
            type="submit"
            leftSection={<IconUserPlus size={16} />}
            loading={create.isPending}
            disabled={!!duplicates}
          >
            {tc('actions.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
