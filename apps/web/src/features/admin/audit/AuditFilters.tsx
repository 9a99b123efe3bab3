import { Button, Card, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconFilter, IconFilterOff } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditRow, User } from '../api.ts';
import { ACTIONS, ENTITY_TYPES, useAuditLabels } from './labels.ts';
import type { AuditFilterState } from './useAuditFilters.ts';

/** Who, what kind, which action, which record, when; folded behind a button on a phone. */
export function AuditFilters({
  filters: f,
  users,
  rows,
}: {
  filters: AuditFilterState;
  users: User[];
  /** The entries shown: their kinds and actions join the known ones in the choices. */
  rows: AuditRow[];
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const { entityLabel, actionLabel } = useAuditLabels();
  const phone = useMediaQuery('(max-width: 48em)');
  const [open, toggle] = useDisclosure(false);
  const options = (known: string[], key: 'entityType' | 'action', label: (v: string) => string) =>
    [...new Set([...known, ...rows.map((r) => r[key]), ...(f.get(key) ? [f.get(key) as string] : [])])]
      .map((v) => ({ value: v, label: label(v) }))
      .sort((a, b) => a.label.localeCompare(b.label));

  return (
    <>
      {phone && (
        <Button
          variant="default"
          leftSection={<IconFilter size={16} />}
          onClick={toggle.toggle}
          aria-expanded={open}
          aria-controls="audit-filters"
        >
          {f.filtered ? `${t('audit.filters')} (${f.filterCount})` : t('audit.filters')}
        </Button>
      )}
      <Card withBorder id="audit-filters" display={phone && !open ? 'none' : undefined}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          <Select
            label={t('audit.actor')}
            data={users.map((u) => ({ value: u.id, label: u.name }))}
            value={f.get('actor')}
            onChange={(v) => f.setParam('actor', v)}
            searchable
            clearable
          />
          <Select
            label={t('audit.entityType')}
            data={options(ENTITY_TYPES, 'entityType', entityLabel)}
            value={f.get('entityType')}
            onChange={(v) => f.setParam('entityType', v)}
            searchable
            clearable
          />
          <Select
            label={t('audit.action')}
            data={options(ACTIONS, 'action', actionLabel)}
            value={f.get('action')}
            onChange={(v) => f.setParam('action', v)}
            searchable
            clearable
          />
          <TextInput
            label={t('audit.entityId')}
            value={f.draft.entityId}
            onChange={(e) => f.setText('entityId', e.currentTarget.value)}
          />
          <DatePickerInput
            label={`${t('audit.period')} · ${tc('list.from')}`}
            value={f.from}
            onChange={(v) => f.setParam('from', v ? dayjs(v).format('YYYY-MM-DD') : null)}
            clearable
            valueFormat="DD/MM/YYYY"
            maxDate={f.to ?? undefined}
          />
          <DatePickerInput
            label={`${t('audit.period')} · ${tc('list.to')}`}
            value={f.to}
            onChange={(v) => f.setParam('to', v ? dayjs(v).format('YYYY-MM-DD') : null)}
            clearable
            valueFormat="DD/MM/YYYY"
            minDate={f.from ?? undefined}
          />
        </SimpleGrid>
        {f.filtered && (
          <Group justify="flex-end" mt="sm">
            <Button variant="subtle" size="compact-sm" leftSection={<IconFilterOff size={16} />} onClick={f.clear}>
              {t('audit.clear')}
            </Button>
          </Group>
        )}
      </Card>
    </>
  );
}
