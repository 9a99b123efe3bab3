import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Radio,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconGitMerge, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, data } from '../../api/client.ts';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { dynamicKey } from '../../app/i18n-types.ts';
import { homeKeys, interactionKeys, mandatKeys, organisationKeys, peopleKeys, taskKeys } from '../../app/query-keys.ts';
import {
  defaultFieldSide,
  defaultKeptSide,
  isEmptyValue as empty,
  otherSide,
  type MergeSide as Side,
} from '../../records/merge-choice.ts';
import { fullName, type Person, type PersonPatch, usePerson, usePersonLinks } from '../../records/person.ts';
import { usePlaces } from '../../records/places.ts';
import { invalidateExcept } from '../../records/queries.ts';
import { RecordPicker } from '../../records/RecordPicker.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { PageSkeleton } from '../../ui/PageSkeleton.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableScroll } from '../../ui/TableScroll.tsx';
import { similarPeopleQuery } from './queries.ts';

/** Fields compared side by side; the user picks which value the kept contact ends with. */
const FIELDS = [
  'firstName',
  'lastName',
  'email',
  'personalEmail',
  'phone',
  'mobile',
  'jobTitle',
  'linkedinUrl',
  'linkedinHeadline',
  'language',
  'countryCode',
  'source',
  'ownerId',
  'notes',
] as const;
type Field = (typeof FIELDS)[number];

/**
 * Merges two contacts: pick the duplicate, compare, choose the values, confirm. The API merges the duplicate
 * into the kept contact (links, interactions, tasks, notes, files and mandates move; empty fields are filled);
 * values chosen from the duplicate over non-empty ones are then saved on the kept contact (PATCH).
 */
export default function PersonMergePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('people');
  const user = useCurrentUser();
  const current = usePerson(id);
  const [other, setOther] = useState<string | null>(null);

  if (current.isPending) return <PageSkeleton />;
  if (current.isError) return <ProblemAlert error={current.error} />;
  const person = current.data;

  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/people/${id}`} size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {fullName(person)}
        </Group>
      </Anchor>
      <PageHeader title={t('merge.title')} subtitle={t('merge.subtitle', { name: fullName(person) })} />
      {!canWrite(user) ? (
        <ProblemAlert error={new Error(t('merge.forbidden'))} />
      ) : (
        <>
          <Card withBorder padding="md">
            <Stack gap="sm">
              <RecordPicker
                entity="person"
                label={t('merge.pick')}
                placeholder={t('merge.pickPlaceholder')}
                value={other}
                onChange={(id) => setOther(id)}
                exclude={[person.id]}
                maw={480}
              />
              <Suggestions person={person} onPick={setOther} selected={other} />
            </Stack>
          </Card>
          {other ? (
            <Compare key={other} current={person} otherId={other} />
          ) : (
            <Card withBorder>
              <EmptyState icon={<IconGitMerge size={26} />} title={t('merge.emptyTitle')} hint={t('merge.emptyHint')} />
            </Card>
          )}
        </>
      )}
    </Stack>
  );
}

/** Contacts with the same last name: the likely duplicates, one click away. */
function Suggestions({
  person,
  selected,
  onPick,
}: {
  person: Person;
  selected: string | null;
  onPick: (id: string) => void;
}) {
  const { t } = useTranslation('people');
  const similar = useQuery(similarPeopleQuery(person));
  if (!similar.data?.length) return null;
  return (
    <Group gap="xs">
      <Text size="sm" c="dimmed">
        {t('merge.suggestions')}
      </Text>
      {similar.data.map((p) => (
        <Button
          key={p.id}
          size="compact-sm"
          variant={selected === p.id ? 'filled' : 'light'}
          onClick={() => onPick(p.id)}
        >
          {fullName(p)}
          {p.email ? ` · ${p.email}` : ''}
        </Button>
      ))}
    </Group>
  );
}

function Compare({ current, otherId }: { current: Person; otherId: string }) {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { userName } = useDirectory();
  const places = usePlaces();
  const fmt = useFormat();
  const otherQuery = usePerson(otherId);
  const currentLinks = usePersonLinks(current.id);
  const otherLinks = usePersonLinks(otherId);
  /** Which record is kept once the user chose; until then the older one (defaultKeptSide). */
  const [chosenKeep, setKeep] = useState<Side | null>(null);
  const [choices, setChoices] = useState<Partial<Record<Field, Side>>>({});

  const merge = useMutation({
    mutationFn: async ({ kept, duplicate, values }: { kept: Person; duplicate: Person; values: PersonPatch }) => {
      const result = data(
        await api.POST('/api/v1/people/{id}/merge', {
          params: { path: { id: kept.id } },
          body: { duplicateId: duplicate.id },
        }),
      );
      const patch: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(values)) {
        if ((result.person as Record<string, unknown>)[k] !== v) patch[k] = v;
      }
      let patchError: unknown = null;
      if (Object.keys(patch).length > 0) {
        try {
          await api.PATCH('/api/v1/people/{id}', { params: { path: { id: kept.id } }, body: patch as PersonPatch });
        } catch (e) {
          patchError = e;
        }
      }
      return { result, patchError };
    },
    onSuccess: ({ result, patchError }, { kept, duplicate }) => {
      // Everything the merge moved, except the duplicate's own queries (it is gone: refetching them would 404).
      const touched = [peopleKeys.all, organisationKeys.all, mandatKeys.all, interactionKeys.all, taskKeys.all];
      invalidateExcept(queryClient, [...touched, homeKeys.all], duplicate.id);
      const moved = Object.values(result.moved).reduce((a, b) => a + b, 0);
      notifications.show({
        color: patchError ? 'orange' : 'teal',
        title: t('merge.done', { name: fullName(result.person) }),
        message: patchError
          ? t('merge.patchFailed')
          : t('merge.doneDetail', { count: moved, duplicate: fullName(duplicate) }),
        autoClose: patchError ? false : 6000,
      });
      navigate(`/people/${kept.id}`);
    },
  });

  if (otherQuery.isPending) return <Skeleton height={320} />;
  if (otherQuery.isError) return <ProblemAlert error={otherQuery.error} />;
  const other = otherQuery.data;
  const people: Record<Side, Person> = { current, other };
  const keep = chosenKeep ?? defaultKeptSide(people);
  const dupSide = otherSide(keep);
  const kept = people[keep];
  const duplicate = people[dupSide];

  /** The kept value, or the duplicate's when the kept one is empty (the server fills such fields the same way). */
  const chosen = (f: Field): Side => choices[f] ?? defaultFieldSide(people, keep, f);
  const differs = (f: Field) => (current[f] ?? '') !== (other[f] ?? '');
  /** Both records have a value and they differ: the user chooses. */
  const conflict = (f: Field) => differs(f) && !empty(current[f]) && !empty(other[f]);
  const sideLabel = (side: Side) => (side === 'current' ? t('merge.thisRecord') : t('merge.otherRecord'));

  const show = (f: Field, p: Person): string => {
    const v = p[f];
    if (empty(v)) return '—';
    if (f === 'language') return places.languageName(v as string);
    if (f === 'countryCode') return places.countryName(v as string);
    if (f === 'source') return tc(dynamicKey(`enums.source.${v}`));
    if (f === 'ownerId') return userName(v as string);
    return String(v);
  };

  const values = (): PersonPatch => {
    const out: Record<string, unknown> = {};
    for (const f of FIELDS) {
      const v = people[chosen(f)][f];
      if (f === 'ownerId' && !v) continue;
      out[f] = v ?? null;
    }
    return out as PersonPatch;
  };

  const confirm = () =>
    modals.openConfirmModal({
      title: t('merge.confirmTitle'),
      children: (
        <Text size="sm">{t('merge.confirmBody', { kept: fullName(kept), duplicate: fullName(duplicate) })}</Text>
      ),
      labels: { confirm: t('merge.confirm'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => merge.mutate({ kept, duplicate, values: values() }),
    });

  const orgNames = (side: Side) => {
    const q = side === 'current' ? currentLinks : otherLinks;
    if (q.isPending) return '…';
    return (q.data ?? []).map((l) => l.organisationName).join(', ') || '—';
  };

  const column = (side: Side) => (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {sideLabel(side)}
      </Text>
      <Group gap={6}>
        <Anchor component={Link} to={`/people/${people[side].id}`} fw={600}>
          {fullName(people[side])}
        </Anchor>
        {keep === side ? (
          <Badge color="teal" variant="light">
            {t('merge.kept')}
          </Badge>
        ) : (
          <Badge color="red" variant="light">
            {t('merge.binned')}
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {t('merge.created', { date: fmt.date(people[side].createdAt) })}
      </Text>
    </Stack>
  );

  return (
    <Stack gap="md">
      <Card withBorder padding="md">
        <Stack gap="sm">
          <Text fw={600} id="merge-keep-label">
            {t('merge.keepWhich')}
          </Text>
          <SegmentedControl
            aria-labelledby="merge-keep-label"
            value={keep}
            onChange={(v) => {
              setKeep(v as Side);
              setChoices({});
            }}
            data={[
              { value: 'current', label: sideLabel('current') },
              { value: 'other', label: sideLabel('other') },
            ]}
            w="fit-content"
          />
          <Alert color="blue" icon={<IconInfoCircle size={18} />}>
            {t('merge.explain', { kept: sideLabel(keep), duplicate: sideLabel(dupSide) })}
          </Alert>
        </Stack>
      </Card>

      <Card withBorder padding={0}>
        <TableScroll minWidth={640}>
          <Table verticalSpacing="sm" data-testid="merge-compare">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={180}>{t('merge.field')}</Table.Th>
                <Table.Th>{column('current')}</Table.Th>
                <Table.Th>{column('other')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {FIELDS.map((f) => (
                <Table.Tr key={f} bg={conflict(f) ? 'var(--mantine-color-yellow-light)' : undefined}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {t(`fields.${f === 'ownerId' ? 'owner' : f}`)}
                    </Text>
                  </Table.Td>
                  {(['current', 'other'] as const).map((side) => (
                    <Table.Td key={side}>
                      {conflict(f) ? (
                        <Radio
                          aria-label={t('labelled', {
                            label: t(`fields.${f === 'ownerId' ? 'owner' : f}`),
                            value: `${show(f, people[side])} (${sideLabel(side)})`,
                          })}
                          name={`merge-${f}`}
                          checked={chosen(f) === side}
                          onChange={() => setChoices((c) => ({ ...c, [f]: side }))}
                          label={
                            <Text
                              size="sm"
                              lineClamp={f === 'notes' ? 3 : undefined}
                              style={{ overflowWrap: 'anywhere' }}
                            >
                              {show(f, people[side])}
                            </Text>
                          }
                        />
                      ) : (
                        <Text
                          size="sm"
                          c={empty(people[side][f]) ? 'dimmed' : undefined}
                          lineClamp={f === 'notes' ? 3 : undefined}
                          style={{ overflowWrap: 'anywhere' }}
                        >
                          {show(f, people[side])}
                          {!differs(f) && !empty(people[side][f]) && (
                            <VisuallyHidden> ({t('merge.same')})</VisuallyHidden>
                          )}
                        </Text>
                      )}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {t('tabs.organisations')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{orgNames('current')}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{orgNames('other')}</Text>
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>

      <ProblemAlert error={merge.error} />
      <Group justify="flex-end">
        <Button component={Link} to={`/people/${current.id}`} variant="default">
          {tc('actions.cancel')}
        </Button>
        <Button color="red" leftSection={<IconGitMerge size={16} />} onClick={confirm} loading={merge.isPending}>
          {t('merge.submit', { duplicate: fullName(duplicate), kept: fullName(kept) })}
        </Button>
      </Group>
    </Stack>
  );
}
