import { Alert, Anchor, Badge, Button, Group, Paper, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconArrowsExchange, IconGitMerge, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, data, type Schemas } from '../../api/client.ts';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { homeKeys, interactionKeys, mandatKeys, organisationKeys, peopleKeys, taskKeys } from '../../app/query-keys.ts';
import { useUrlParams } from '../../app/search-params';
import {
  defaultFieldSide,
  defaultKeptSide,
  isEmptyValue as empty,
  type MergeSide,
  otherSide,
} from '../../records/merge-choice.ts';
import { invalidateExcept } from '../../records/queries.ts';
import { RecordPicker } from '../../records/RecordPicker.tsx';
import { PageSkeleton } from '../../ui/PageSkeleton.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableScroll } from '../../ui/TableScroll.tsx';
import type { OrganisationPatch } from './OrganisationFormModal.tsx';
import { useOrganisation } from './OrganisationPage.tsx';
import { useOrganisationOptions } from './options.ts';
import { organisationDuplicatesQuery, organisationQuery } from './queries.ts';

type Organisation = Schemas['Organisation'];

/** Fields compared side by side; the API fills the kept record's empty ones (merge.service FILLABLE). */
const FIELDS = [
  'name',
  'type',
  'category',
  'ownerId',
  'email',
  'phone',
  'website',
  'address',
  'postalCode',
  'city',
  'countryCode',
  'language',
  'aum',
  'aumDate',
  'tier',
  'source',
  'legalBasis',
  'dataSource',
  'notes',
] as const;
type Field = (typeof FIELDS)[number];
const FILLABLE = new Set<Field>([
  'email',
  'phone',
  'website',
  'address',
  'postalCode',
  'city',
  'aum',
  'aumDate',
  'tier',
  'notes',
  'source',
  'dataSource',
]);

/** What the user changed from the defaults (merge-choice.ts): the record kept, and the side of some fields. */
type Overrides = { keep?: MergeSide; fields: Partial<Record<Field, MergeSide>> };
const NO_OVERRIDES: Overrides = { fields: {} };

export default function MergeOrganisationPage() {
  const { id = '' } = useParams();
  const current = useOrganisation(id);
  if (current.isPending) return <PageSkeleton rows={6} />;
  if (current.error) return <ProblemAlert error={current.error} />;
  return <MergeView current={current.data} />;
}

/**
 * Merges the organisation of the page (`current`) and the one picked beside it: the older one is kept unless the
 * user swaps them; the kept one ends with the values chosen field by field (PATCH), then the other merges into it.
 */
function MergeView({ current }: { current: Organisation }) {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const fmt = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useUrlParams();
  const duplicateId = params.get('with');
  const setDuplicate = (dupId: string | null) => setParams(dupId ? { with: dupId } : {}, { replace: true });
  const duplicate = useQuery({
    ...organisationQuery(duplicateId ?? ''),
    enabled: !!duplicateId && duplicateId !== current.id,
  });
  const suggestions = useQuery(organisationDuplicatesQuery(current));
  const [overrides, setOverrides] = useState<Overrides>(NO_OVERRIDES);

  const merge = useMutation({
    mutationFn: async ({ kept, dup, patch }: { kept: Organisation; dup: Organisation; patch: OrganisationPatch }) => {
      if (Object.keys(patch).length > 0)
        await api.PATCH('/api/v1/organisations/{id}', { params: { path: { id: kept.id } }, body: patch });
      return data(
        await api.POST('/api/v1/organisations/{id}/merge', {
          params: { path: { id: kept.id } },
          body: { duplicateId: dup.id },
        }),
      );
    },
    onSuccess: (r, { kept, dup }) => {
      // Everything the merge moved, except the duplicate's own queries (it is gone: refetching them would 404).
      const touched = [organisationKeys.all, peopleKeys.all, mandatKeys.all, taskKeys.all, interactionKeys.all];
      invalidateExcept(queryClient, [...touched, homeKeys.all], dup.id);
      const count = Object.values(r.moved).reduce((a, b) => a + b, 0);
      notifications.show({ color: 'teal', message: t('merge.done', { count }) });
      navigate(`/organisations/${kept.id}`);
    },
  });

  const other = duplicateId && duplicateId !== current.id ? duplicate.data : undefined;
  const records = other ? { current, other } : undefined;
  const keepSide = records ? (overrides.keep ?? defaultKeptSide(records)) : 'current';
  const kept = records?.[keepSide];
  const dup = records?.[otherSide(keepSide)];
  const fieldSide = (f: Field): MergeSide =>
    overrides.fields[f] ?? (records ? defaultFieldSide(records, keepSide, f) : keepSide);
  /** A value the kept record ends with from the other one: chosen, or its only value (the merge fills FILLABLE). */
  const fromDup = (f: Field) => fieldSide(f) !== keepSide;

  const confirm = (kept: Organisation, dup: Organisation) => {
    const patch = Object.fromEntries(
      FIELDS.filter((f) => fromDup(f) && !(FILLABLE.has(f) && empty(kept[f]))).map((f) => [f, dup[f]]),
    ) as OrganisationPatch;
    modals.openConfirmModal({
      title: t('merge.confirmTitle'),
      children: <Text size="sm">{t('merge.confirmBody', { duplicate: dup.name, name: kept.name })}</Text>,
      labels: { confirm: t('merge.submit'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => merge.mutate({ kept, dup, patch }),
    });
  };

  return (
    <Stack gap="md" maw={1100}>
      <Anchor component={Link} to={`/organisations/${current.id}`} size="sm" c="dimmed" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {current.name}
        </Group>
      </Anchor>
      <Title order={1} size="h2">
        {t('merge.title', { name: current.name })}
      </Title>
      <Text c="dimmed" size="sm" maw={760}>
        {t('merge.intro')}
      </Text>
      {!canWrite(user) && <Alert color="gray">{tc('errors.forbidden')}</Alert>}

      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <RecordPicker
            entity="organisation"
            label={t('merge.pick')}
            placeholder={t('merge.pickPlaceholder')}
            value={duplicateId}
            onChange={(v) => {
              setOverrides(NO_OVERRIDES);
              setDuplicate(v);
            }}
            exclude={[current.id]}
            maw={480}
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('merge.suggestions')}
            </Text>
            {suggestions.data && suggestions.data.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('merge.noSuggestions')}
              </Text>
            ) : (
              <Group gap="xs">
                {suggestions.data?.map((c) => (
                  <Button
                    key={c.id}
                    size="xs"
                    variant={c.id === duplicateId ? 'filled' : 'light'}
                    onClick={() => {
                      setOverrides(NO_OVERRIDES);
                      setDuplicate(c.id);
                    }}
                    aria-pressed={c.id === duplicateId}
                  >
                    {c.name}
                    {c.city ? ` · ${c.city}` : ''} · {fmt.percent(Math.round(c.similarity * 100))}
                  </Button>
                ))}
              </Group>
            )}
          </div>
        </Stack>
      </Paper>

      <ProblemAlert error={duplicate.error ?? merge.error} />
      {kept && dup && (
        <Comparison
          kept={kept}
          dup={dup}
          fromDup={fromDup}
          choose={(f, side) =>
            setOverrides((o) => ({
              ...o,
              fields: { ...o.fields, [f]: side === 'kept' ? keepSide : otherSide(keepSide) },
            }))
          }
        >
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Button
              variant="subtle"
              leftSection={<IconArrowsExchange size={16} />}
              onClick={() => setOverrides({ keep: otherSide(keepSide), fields: {} })}
            >
              {t('merge.swap')}
            </Button>
            {canWrite(user) && (
              <Button
                color="red"
                leftSection={<IconGitMerge size={16} />}
                onClick={() => confirm(kept, dup)}
                loading={merge.isPending}
              >
                {t('merge.submit')}
              </Button>
            )}
          </Group>
        </Comparison>
      )}
    </Stack>
  );
}

function Comparison({
  kept,
  dup,
  fromDup,
  choose,
  children,
}: {
  kept: Organisation;
  dup: Organisation;
  /** Whether the kept record ends with the other's value of this field. */
  fromDup: (f: Field) => boolean;
  choose: (f: Field, side: 'kept' | 'dup') => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { userName } = useDirectory();
  const options = useOrganisationOptions();

  const show = (f: Field, o: Organisation): string => {
    const v = o[f];
    if (empty(v)) return '—';
    switch (f) {
      case 'type':
        return tc(`enums.organisationType.${o.type}`);
      case 'ownerId':
        return userName(o.ownerId);
      case 'countryCode':
        return options.countryName(o.countryCode);
      case 'language':
        return options.languageName(o.language);
      case 'aum':
        return fmt.money(o.aum);
      case 'aumDate':
        return fmt.date(o.aumDate);
      case 'tier':
        return `Tier ${o.tier}`;
      case 'source':
        return o.source ? tc(`enums.source.${o.source}`) : '—';
      case 'legalBasis':
        return t(`legalBasis.${o.legalBasis}`);
      default:
        return String(v);
    }
  };
  const label = (f: Field) => t(`fields.${f === 'ownerId' ? 'owner' : f}`);
  /** A column's heading: its part in the merge, the record's name and when it was created (the older is kept). */
  const heading = (part: string, o: Organisation) => (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {part}
      </Text>
      <Anchor component={Link} to={`/organisations/${o.id}`} fw={600} size="sm">
        {o.name}
      </Anchor>
      <Text size="xs" c="dimmed">
        {t('merge.created', { date: fmt.date(o.createdAt) })}
      </Text>
    </Stack>
  );

  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h4" mb={4}>
        {t('merge.compare')}
      </Title>
      <Group gap={6} mb="sm" wrap="nowrap" align="flex-start">
        <IconInfoCircle size={16} aria-hidden style={{ flex: 'none', marginTop: 2 }} />
        <Text size="sm" c="dimmed">
          {t('merge.compareHint')}
        </Text>
      </Group>
      <TableScroll minWidth={560}>
        <Table verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="22%">{t('merge.field')}</Table.Th>
              <Table.Th data-testid="merge-kept">{heading(t('merge.kept'), kept)}</Table.Th>
              <Table.Th data-testid="merge-binned">{heading(t('merge.duplicate'), dup)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {FIELDS.map((f) => {
              const a = kept[f];
              const b = dup[f];
              const differ = JSON.stringify(a) !== JSON.stringify(b);
              // The merge itself fills the kept record's empty FILLABLE fields; the other record's value of any
              // other field is offered (and chosen by default where the kept record has none).
              const filled = empty(a) && !empty(b) && FILLABLE.has(f);
              const choosable = differ && !filled && !empty(b);
              const other = fromDup(f);
              return (
                <Table.Tr key={f}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {label(f)}
                    </Text>
                  </Table.Td>
                  {choosable ? (
                    <>
                      <Table.Td>
                        <Radio
                          name={`merge-${f}`}
                          checked={!other}
                          onChange={() => choose(f, 'kept')}
                          label={show(f, kept)}
                          aria-label={tc('labelled', {
                            label: t('merge.keepThis', { field: label(f) }),
                            value: show(f, kept),
                          })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Radio
                          name={`merge-${f}`}
                          checked={other}
                          onChange={() => choose(f, 'dup')}
                          label={show(f, dup)}
                          aria-label={tc('labelled', {
                            label: t('merge.keepOther', { field: label(f) }),
                            value: show(f, dup),
                          })}
                        />
                      </Table.Td>
                    </>
                  ) : (
                    <>
                      <Table.Td>
                        <Group gap={6}>
                          <Text size="sm" c={empty(a) && !filled ? 'dimmed' : undefined}>
                            {filled ? show(f, dup) : show(f, kept)}
                          </Text>
                          {filled && (
                            <Badge size="xs" variant="light" color="teal">
                              {t('merge.filled')}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {show(f, dup)}
                        </Text>
                      </Table.Td>
                    </>
                  )}
                </Table.Tr>
              );
            })}
            {(['tags', 'strategies'] as const).map((f) => (
              <Table.Tr key={f}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {t(`fields.${f}`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm">{[...new Set([...kept[f], ...dup[f]])].join(', ') || '—'}</Text>
                    {dup[f].some((x) => !kept[f].includes(x)) && (
                      <Badge size="xs" variant="light" color="teal">
                        {t('merge.united')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {dup[f].join(', ') || '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <Stack mt="md">{children}</Stack>
    </Paper>
  );
}
