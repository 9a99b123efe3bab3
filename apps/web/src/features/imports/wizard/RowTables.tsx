import { ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TableScroll } from '../../../ui/TableScroll.tsx';
import type { DryRun, FieldLabel } from './types.ts';

/** The rows a check or a run refused: row, field, reason (the first 200; the CSV report has them all). */
export function RowErrors({
  title,
  errors,
  truncated,
  fieldLabel,
}: {
  title: string;
  errors: DryRun['errors'];
  truncated: boolean;
  fieldLabel: FieldLabel;
}) {
  const { t } = useTranslation('imports');
  const shown = errors.slice(0, 200);
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {title} ({errors.length})
      </Text>
      <ScrollArea.Autosize mah={320} type="auto">
        <Table striped verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>{t('check.row')}</Table.Th>
              <Table.Th w={160}>{t('check.field')}</Table.Th>
              <Table.Th>{t('check.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((e) => (
              <Table.Tr key={`${e.row}:${e.field ?? ''}:${e.code}`}>
                <Table.Td>{e.row}</Table.Td>
                <Table.Td>{e.field ? fieldLabel(e.field) : '—'}</Table.Td>
                <Table.Td>
                  {/* The server's message is English: shown only for a code the app has no words for. */}
                  {t(`rowErrors.${e.code.replace(/^import\./, '')}`, { defaultValue: e.message })}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {(truncated || errors.length > shown.length) && (
        <Text size="xs" c="dimmed">
          {t('check.truncated')}
        </Text>
      )}
    </Stack>
  );
}

/** The first rows as they will be written (eight columns at most). */
export function Preview({ rows, fieldLabel }: { rows: Record<string, unknown>[]; fieldLabel: FieldLabel }) {
  const { t } = useTranslation('imports');
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].slice(0, 8);
  const cell = (v: unknown) =>
    v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join(', ') : String(v);
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {t('check.preview')}
      </Text>
      <TableScroll minWidth={560}>
        <Table striped verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c}>{fieldLabel(c)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice(0, 5).map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no id
              <Table.Tr key={i}>
                {columns.map((c) => (
                  <Table.Td key={c}>{cell(r[c])}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Stack>
  );
}
