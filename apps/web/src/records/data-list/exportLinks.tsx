import { Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../api/client.ts';
import type { ListEntity } from './types.ts';

type ExportKind = 'csv' | 'csv-fr' | 'xlsx';

/**
 * The address of an export: of the filtered list (its query without paging) or of the selected rows. `csv-fr`: the
 * CSV a French Excel opens with a double-click (`dialect=excel-fr`: `;`, names, dd/mm/yyyy).
 */
export function exportHref(
  entity: ListEntity,
  kind: ExportKind,
  scope: { query: Record<string, string> } | { ids: string[] },
) {
  const format = kind === 'xlsx' ? 'xlsx' : 'csv';
  const dialect = kind === 'csv-fr' ? { dialect: 'excel-fr' } : {};
  if ('ids' in scope) return apiUrl(`/${entity}/export`, { format, ...dialect, ids: scope.ids.join(',') });
  const { limit: _l, cursor: _c, ...filtersOnly } = scope.query;
  return apiUrl(`/${entity}/export`, { ...filtersOnly, format, ...dialect });
}

/** The three export formats as menu items (downloads), of the filtered list or of the selection. */
export function ExportItems({
  entity,
  scope,
}: {
  entity: ListEntity;
  scope: { query: Record<string, string> } | { ids: string[] };
}) {
  const { t } = useTranslation();
  return (['csv-fr', 'csv', 'xlsx'] as const).map((kind) => (
    <Menu.Item key={kind} component="a" href={exportHref(entity, kind, scope)} download>
      {kind === 'xlsx' ? 'Excel (XLSX)' : t(kind === 'csv' ? 'list.exportCsv' : 'list.exportCsvFr')}
    </Menu.Item>
  ));
}
