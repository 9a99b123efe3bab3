import { Anchor, Group, Text } from '@mantine/core';
import { IconBriefcase, IconBuilding, IconUser } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../../api/client.ts';
import { RECORDS } from '../../app/records.ts';

/** Records a task or an interaction can be linked to. */
export type LinkedType = 'organisation' | 'person' | 'mandat';
export interface LinkedIds {
  organisationId: string | null;
  personId: string | null;
  mandatId: string | null;
}

const ENTITY_KEY = { organisation: 'organisations', person: 'people', mandat: 'mandats' } as const;
const CHUNK = 100;

/** Fetches the names of up to CHUNK records of one type with the list's `?ids=` selection. */
async function fetchLabels(type: LinkedType, ids: string[]): Promise<Map<string, string>> {
  const query = { params: { query: { ids, limit: CHUNK } } };
  const labels = new Map<string, string>();
  if (type === 'organisation') {
    for (const o of data(await api.GET('/api/v1/organisations', query)).items) labels.set(o.id, o.name);
  } else if (type === 'person') {
    for (const p of data(await api.GET('/api/v1/people', query)).items)
      labels.set(p.id, `${p.firstName} ${p.lastName}`.trim());
  } else {
    for (const m of data(await api.GET('/api/v1/mandats', query)).items) labels.set(m.id, m.title);
  }
  return labels;
}

type Waiter = { resolve: (label: string | null) => void; reject: (e: unknown) => void };
const queues = new Map<LinkedType, Map<string, Waiter[]>>();

/** Batches the label look-ups asked for in the same tick into one request per type (a list's rows). */
function loadLabel(type: LinkedType, id: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let queue = queues.get(type);
    if (!queue) {
      const fresh = new Map<string, Waiter[]>();
      queue = fresh;
      queues.set(type, fresh);
      setTimeout(() => {
        queues.delete(type);
        const ids = [...fresh.keys()];
        for (let i = 0; i < ids.length; i += CHUNK) {
          const chunk = ids.slice(i, i + CHUNK);
          fetchLabels(type, chunk).then(
            (labels) => {
              for (const one of chunk) for (const w of fresh.get(one) ?? []) w.resolve(labels.get(one) ?? null);
            },
            (e) => {
              for (const one of chunk) for (const w of fresh.get(one) ?? []) w.reject(e);
            },
          );
        }
      }, 0);
    }
    queue.set(id, [...(queue.get(id) ?? []), { resolve, reject }]);
  });
}

/** The name of a linked organisation, contact or mandate (null when it is gone or out of reach). */
export function useRecordLabel(type: LinkedType, id: string | null | undefined) {
  return useQuery({
    queryKey: [ENTITY_KEY[type], 'label', id],
    queryFn: () => loadLabel(type, id as string),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
  });
}

const ICON = { organisation: IconBuilding, person: IconUser, mandat: IconBriefcase } as const;

/** The most specific record a row is linked to (mandate, then contact, then organisation), as a link. */
export function LinkedRecord({ row }: { row: LinkedIds }) {
  const target: [LinkedType, string] | null = row.mandatId
    ? ['mandat', row.mandatId]
    : row.personId
      ? ['person', row.personId]
      : row.organisationId
        ? ['organisation', row.organisationId]
        : null;
  if (!target) return <Text c="dimmed">—</Text>;
  return <RecordLink type={target[0]} id={target[1]} />;
}

/** A link to an organisation, contact or mandate, by its name. */
export function RecordLink({ type, id }: { type: LinkedType; id: string }) {
  const { t } = useTranslation();
  const label = useRecordLabel(type, id);
  const Icon = ICON[type];
  if (label.isSuccess && label.data === null) return <Text c="dimmed">—</Text>;
  return (
    <Anchor component={Link} to={RECORDS[type].page(id)} size="sm" title={t(`enums.entity.${type}`)}>
      <Group gap={4} wrap="nowrap" component="span">
        <Icon size={14} aria-hidden />
        <span>{label.data ?? '…'}</span>
      </Group>
    </Anchor>
  );
}
