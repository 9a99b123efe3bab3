import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconArrowsExchange, IconGitMerge } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, data, type Schemas } from '../../api/client.ts';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
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
import { Comparison, FIELDS, FILLABLE, type Field } from './MergeComparison.tsx';
import type { OrganisationPatch } from './OrganisationFormModal.tsx';
import { useOrganisation } from './OrganisationPage.tsx';
import { organisationDuplicatesQuery, organisationQuery } from './queries.ts';

type Organisation = Schemas['Organisation'];

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
