import { Code, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AuditRow } from '../api.ts';

function show(value: unknown) {
  if (value === null || value === undefined || value === '') return <Text c="dimmed">—</Text>;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (
    <Text size="sm" style={{ wordBreak: 'break-word' }}>
      {text}
    </Text>
  );
}

/**
 * The expanded part of an entry: changed fields before → after (a diff, not a list of records: a plain bordered
 * table), then context (IP, browser, hash).
 */
export function AuditDetails({ row }: { row: AuditRow }) {
  const { t } = useTranslation('admin');
  const changes = Object.entries(row.changes ?? {});
  const metadata = Object.entries(row.metadata ?? {});
  return (
    <Stack gap="sm" py="xs" data-testid="audit-details">
      {changes.length > 0 ? (
        <Table withTableBorder withColumnBorders fz="sm" bg="var(--mantine-color-body)">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="22%">{t('audit.field')}</Table.Th>
              <Table.Th>{t('audit.before')}</Table.Th>
              <Table.Th>{t('audit.after')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changes.map(([field, c]) => (
              <Table.Tr key={field}>
                <Table.Td>
                  <Code>{field}</Code>
                </Table.Td>
                <Table.Td
                  style={{
                    color: 'var(--mantine-color-red-text)',
                    textDecoration: c.before == null ? undefined : 'line-through',
                  }}
                >
                  {show(c.before)}
                </Table.Td>
                <Table.Td style={{ color: 'var(--mantine-color-teal-text)' }}>{show(c.after)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">
          {t('audit.noChanges')}
        </Text>
      )}
      {metadata.length > 0 && (
        <div>
          <Text size="xs" fw={600} mb={4}>
            {t('audit.metadata')}
          </Text>
          <Code block>{JSON.stringify(row.metadata, null, 2)}</Code>
        </div>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="xs">
        <Detail label={t('audit.entityId')} value={row.entityId} mono />
        <Detail label={t('audit.action')} value={`${row.entityType}.${row.action}`} mono />
        <Detail label={t('audit.ip')} value={row.ip} />
        <Detail label={t('audit.userAgent')} value={row.userAgent} />
        <Detail label={t('audit.hash')} value={row.hash.slice(0, 16)} mono />
      </SimpleGrid>
    </Stack>
  );
}

function Detail({ label, value, mono }: { label: string; value: string | null; mono?: boolean }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {mono ? (
        <Code>{value ?? '—'}</Code>
      ) : (
        <Text size="sm" lineClamp={2}>
          {value ?? '—'}
        </Text>
      )}
    </div>
  );
}
