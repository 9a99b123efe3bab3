import {
  Alert,
  Anchor,
  Badge,
  Button,
  Collapse,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api, data, type paths, type Schemas } from '../../api/client.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { organisationKeys } from '../../app/query-keys.ts';
import { recordSaved } from '../../records/queries.ts';
import { fieldErrors } from '../../ui/field-errors.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { AMF_LICENCE, type OrganisationCategory, type OrganisationType, useOrganisationOptions } from './options.ts';

type Organisation = Schemas['Organisation'];
type Candidate = { id: string; name: string; city: string | null; similarity: number };
export type OrganisationPatch = NonNullable<
  paths['/api/v1/organisations/{id}']['patch']['requestBody']
>['content']['application/json'];

interface Values {
  name: string;
  type: string | null;
  category: string | null;
  city: string;
  countryCode: string | null;
  website: string;
  amfLicence: string;
  email: string;
  phone: string;
  ownerId: string | null;
  aum: number | string;
  tier: string | null;
  source: string | null;
  address: string;
  postalCode: string;
  tags: string[];
  notes: string;
}
const FIELDS = Object.keys({
  name: 1,
  type: 1,
  category: 1,
  city: 1,
  countryCode: 1,
  website: 1,
  amfLicence: 1,
  email: 1,
  phone: 1,
  ownerId: 1,
  aum: 1,
  tier: 1,
  source: 1,
  address: 1,
  postalCode: 1,
  tags: 1,
  notes: 1,
} satisfies Record<keyof Values, 1>);

const text = (v: string) => v.trim() || null;

function toBody(v: Values) {
  return {
    name: v.name.trim(),
    type: (v.type ?? undefined) as OrganisationType | undefined,
    category: (v.category ?? undefined) as OrganisationCategory | undefined,
    city: text(v.city),
    countryCode: v.countryCode ?? undefined,
    website: text(v.website),
    amfLicence: text(v.amfLicence),
    email: text(v.email),
    phone: text(v.phone),
    ownerId: v.ownerId ?? undefined,
    aum: v.aum === '' ? null : String(v.aum),
    tier: v.tier ? Number(v.tier) : null,
    source: (v.source ?? null) as Organisation['source'],
    address: text(v.address),
    postalCode: text(v.postalCode),
    tags: v.tags,
    notes: text(v.notes),
  };
}

function initial(o: Organisation | undefined, me: string): Values {
  return {
    name: o?.name ?? '',
    type: o?.type ?? null,
    category: o?.category ?? null,
    city: o?.city ?? '',
    countryCode: o?.countryCode ?? 'FR',
    website: o?.website ?? '',
    amfLicence: o?.amfLicence ?? '',
    email: o?.email ?? '',
    phone: o?.phone ?? '',
    ownerId: o ? o.ownerId : me,
    aum: o?.aum ? Number(o.aum) : '',
    tier: o?.tier ? String(o.tier) : null,
    source: o?.source ?? null,
    address: o?.address ?? '',
    postalCode: o?.postalCode ?? '',
    tags: o?.tags ?? [],
    notes: o?.notes ?? '',
  };
}

/**
 * Create (with the duplicate check) or edit an organisation. On create, likely duplicates are shown before
 * saving: open the existing one, or create anyway.
 */
export function OrganisationFormModal({
  opened,
  onClose,
  organisation,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  /** The organisation to edit; none = create. */
  organisation?: Organisation;
  onSaved?: (o: Organisation) => void;
}) {
  const { t } = useTranslation('organisations');
  return (
    <Modal opened={opened} onClose={onClose} title={organisation ? t('edit.title') : t('create.title')} size="lg">
      {opened && <OrganisationForm organisation={organisation} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function OrganisationForm({
  organisation,
  onClose,
  onSaved,
}: {
  organisation?: Organisation;
  onClose: () => void;
  onSaved?: (o: Organisation) => void;
}) {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const me = useCurrentUser();
  const { userOptions } = useDirectory();
  const options = useOrganisationOptions();
  const queryClient = useQueryClient();
  const [more, setMore] = useState(!!organisation);
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const start = initial(organisation, me.id);
  const form = useForm<Values>({
    initialValues: start,
    validate: {
      name: (v) => (v.trim() ? null : t('create.nameRequired')),
      email: (v) => (!v.trim() || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : t('create.emailInvalid')),
      amfLicence: (v) => (!v.trim() || AMF_LICENCE.test(v.replace(/\s+/g, '')) ? null : t('fields.amfLicenceInvalid')),
    },
  });

  const save = useMutation({
    mutationFn: async ({ values, force }: { values: Values; force: boolean }) => {
      const body = toBody(values);
      if (organisation) {
        const before = toBody(start);
        const patch = Object.fromEntries(
          Object.entries(body).filter(
            ([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof typeof before]),
          ),
        ) as OrganisationPatch;
        if (Object.keys(patch).length === 0) return organisation;
        return data(
          await api.PATCH('/api/v1/organisations/{id}', { params: { path: { id: organisation.id } }, body: patch }),
        );
      }
      if (!force) {
        const found = data(
          await api.GET('/api/v1/organisations/duplicates', { params: { query: { name: body.name } } }),
        ).candidates;
        if (found.length > 0) return { duplicates: found };
      }
      return data(await api.POST('/api/v1/organisations', { body: { ...body, force } }));
    },
    onSuccess: (result) => {
      if ('duplicates' in result) {
        setCandidates(result.duplicates);
        return;
      }
      recordSaved(queryClient, organisationKeys, result);
      notifications.show({
        color: 'teal',
        message: organisation ? tc('states.saved') : t('create.created', { name: result.name }),
      });
      onSaved?.(result);
      onClose();
    },
    onError: async (error, { values }) => {
      if (error instanceof ApiError && error.code === 'organisation.duplicate') {
        // Created meanwhile by someone else: show who.
        const found = await api
          .GET('/api/v1/organisations/duplicates', { params: { query: { name: values.name.trim() } } })
          .then((r) => data(r).candidates)
          .catch(() => []);
        setCandidates(found);
        return;
      }
      const errors = fieldErrors(error, FIELDS);
      form.setErrors(errors);
      // Invalid fields after "create anyway": back to the form, where each message shows under its input.
      if (Object.keys(errors).length > 0) setCandidates(null);
    },
  });

  if (candidates && candidates.length > 0) {
    return (
      <DuplicatesPrompt
        candidates={candidates}
        onBack={() => {
          setCandidates(null);
          save.reset();
        }}
        onCreate={() => save.mutate({ values: form.values, force: true })}
        creating={save.isPending}
        error={save.error}
        onOpen={onClose}
      />
    );
  }

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate({ values, force: false }))} noValidate>
      <Stack gap="sm">
        <TextInput label={t('fields.name')} required data-autofocus {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label={t('fields.type')} data={options.type} clearable={false} {...form.getInputProps('type')} />
          <Select label={t('fields.category')} data={options.category} {...form.getInputProps('category')} />
          <TextInput label={t('fields.city')} {...form.getInputProps('city')} />
          <Select
            label={t('fields.countryCode')}
            data={options.countries(form.values.countryCode)}
            searchable
            allowDeselect={false}
            {...form.getInputProps('countryCode')}
          />
          <TextInput label={t('fields.website')} placeholder="https://" {...form.getInputProps('website')} />
          <TextInput label={t('fields.amfLicence')} placeholder="GP-04000048" {...form.getInputProps('amfLicence')} />
          <TextInput label={t('fields.email')} type="email" {...form.getInputProps('email')} />
          <TextInput label={t('fields.phone')} type="tel" {...form.getInputProps('phone')} />
          <Select
            label={t('fields.owner')}
            data={userOptions}
            searchable
            allowDeselect={false}
            {...form.getInputProps('ownerId')}
          />
        </SimpleGrid>
        <UnstyledButton
          onClick={() => setMore((m) => !m)}
          aria-expanded={more}
          c="var(--mantine-primary-color-filled)"
          fz="sm"
        >
          <Group gap={4}>
            {more ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
            {more ? t('create.less') : t('create.more')}
          </Group>
        </UnstyledButton>
        <Collapse expanded={more}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={`${t('fields.aum')} (€)`}
                thousandSeparator=" "
                min={0}
                decimalScale={2}
                {...form.getInputProps('aum')}
              />
              <Select label={t('fields.tier')} data={options.tier} clearable {...form.getInputProps('tier')} />
              <Select label={t('fields.source')} data={options.source} clearable {...form.getInputProps('source')} />
              <TextInput label={t('fields.postalCode')} {...form.getInputProps('postalCode')} />
            </SimpleGrid>
            <TextInput label={t('fields.address')} {...form.getInputProps('address')} />
            <TagsInput label={t('fields.tags')} {...form.getInputProps('tags')} />
            <Textarea label={t('fields.notes')} autosize minRows={2} maxRows={6} {...form.getInputProps('notes')} />
          </Stack>
        </Collapse>
        <ProblemAlert error={save.error} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {tc('actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {organisation ? tc('actions.save') : tc('actions.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DuplicatesPrompt({
  candidates,
  onBack,
  onCreate,
  creating,
  error,
  onOpen,
}: {
  candidates: Candidate[];
  onBack: () => void;
  onCreate: () => void;
  creating: boolean;
  error: unknown;
  onOpen: () => void;
}) {
  const { t } = useTranslation('organisations');
  const fmt = useFormat();
  return (
    <Stack gap="sm" data-testid="duplicates-prompt">
      <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('duplicates.title')}>
        {t('duplicates.intro')}
      </Alert>
      {candidates.map((c) => (
        <Paper key={c.id} withBorder p="sm" radius="md">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Stack gap={2}>
              <Text fw={600}>{c.name}</Text>
              <Group gap="xs">
                {c.city && (
                  <Text size="sm" c="dimmed">
                    {c.city}
                  </Text>
                )}
                <Badge size="sm" variant="light" color="orange">
                  {t('duplicates.similarity', { value: fmt.percent(Math.round(c.similarity * 100)) })}
                </Badge>
              </Group>
            </Stack>
            <Anchor component={Link} to={`/organisations/${c.id}`} onClick={onOpen} size="sm" fw={500}>
              {t('duplicates.open')}
            </Anchor>
          </Group>
        </Paper>
      ))}
      <ProblemAlert error={error} />
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Button variant="default" onClick={onBack}>
          {t('duplicates.back')}
        </Button>
        <Button color="orange" onClick={onCreate} loading={creating}>
          {t('duplicates.createAnyway')}
        </Button>
      </Group>
    </Stack>
  );
}
