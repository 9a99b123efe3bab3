import { ActionIcon, Button, Checkbox, Group, Indicator, Menu, TextInput } from '@mantine/core';
import { IconColumns, IconDownload, IconFilter, IconSearch } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportItems } from './exportLinks.tsx';
import { SavedViews } from './SavedViews.tsx';
import type { Column, ListEntity } from './types.ts';
import type { ListState } from './useListState.ts';

/** Above a list: the search, the filters button (with their count), saved views, the column chooser, export. */
export function ListToolbar<T>({
  entity,
  state,
  columns,
  query,
  search,
  onSearch,
  onApplyView,
  activeFilters,
  hasFilters,
  onOpenFilters,
  compact,
  actions,
}: {
  entity: ListEntity;
  state: ListState;
  columns: Column<T>[];
  /** The list's query (the export's filters). */
  query: Record<string, string>;
  search: string;
  onSearch: (q: string) => void;
  onApplyView: (id: string, saved: Record<string, string>) => void;
  activeFilters: number;
  hasFilters: boolean;
  onOpenFilters: () => void;
  compact: boolean;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" gap="xs" wrap="wrap">
      <Group gap="xs" wrap="wrap">
        <TextInput
          placeholder={t('list.search')}
          aria-label={t('list.search')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => onSearch(e.currentTarget.value)}
          w={240}
        />
        {hasFilters && (
          <Indicator label={activeFilters} size={16} disabled={activeFilters === 0}>
            <Button variant="default" leftSection={<IconFilter size={16} />} onClick={onOpenFilters}>
              {t('list.filters')}
            </Button>
          </Indicator>
        )}
        {!compact && (
          <SavedViews
            entity={entity}
            activeId={state.view}
            current={{
              ...state.values,
              ...(state.sort ? { sort: state.sort } : {}),
              columns: state.visibleColumns.join(','),
            }}
            onApply={onApplyView}
          />
        )}
      </Group>
      <Group gap="xs">
        <Menu closeOnItemClick={false} position="bottom-end">
          <Menu.Target>
            <ActionIcon variant="default" size="lg" aria-label={t('list.columns')}>
              <IconColumns size={18} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{t('list.columns')}</Menu.Label>
            {columns.map((c) => (
              <Menu.Item key={c.key}>
                <Checkbox
                  label={c.label}
                  checked={state.visibleColumns.includes(c.key)}
                  onChange={(e) =>
                    state.setColumns(
                      e.currentTarget.checked
                        ? columns.map((x) => x.key).filter((k) => k === c.key || state.visibleColumns.includes(k))
                        : state.visibleColumns.filter((k) => k !== c.key),
                    )
                  }
                />
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        {!compact && (
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} />}>
                {t('actions.export')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('list.exportFiltered')}</Menu.Label>
              <ExportItems entity={entity} scope={{ query }} />
            </Menu.Dropdown>
          </Menu>
        )}
        {actions}
      </Group>
    </Group>
  );
}
