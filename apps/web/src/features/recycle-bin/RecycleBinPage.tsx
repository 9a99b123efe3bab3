import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconRestore, IconTrash } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client.ts';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { RECORDS } from '../../app/records.ts';
import { useUrlParams } from '../../app/search-params';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { type SimpleColumn, SimpleTable } from '../../ui/SimpleTable.tsx';
import { type BinType, recycleBinQuery } from './queries.ts';
import { useRestore } from './useRestore.ts';

type Item = Schemas['RecycleBinItem'];

/** The types of the bin, in the order of app/records.ts (their icon, color and list key come from there). */
const TYPES = Object.keys(RECORDS) as BinType[];
const key = (i: Pick<Item, 'type' | 'id'>) => `${i.type}:${i.id}`;

/** `/recycle-bin?type=organisation`: deleted records the user may see, restorable one by one or in bulk. */
export default function RecycleBinPage() {
  const { t } = useTranslation('recycle-bin');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const writer = canWrite(useCurrentUser());
  const { userName } = useDirectory();
  const [params, setParams] = useUrlParams();
  const type = TYPES.includes(params.get('type') as BinType) ? (params.get('type') as BinType) : null;
  const [selected, setSelected] = useState<Set<string>>(new Set());

  const bin = useInfiniteQuery(recycleBinQuery(type));
  const items = bin.data?.pages.flatMap((p) => p.items) ?? [];
  const selectedItems = items.filter((i) => selected.has(key(i)));
  const allSelected = items.length > 0 && selectedItems.length === items.length;
  const restore = useRestore(() => setSelected(new Set()));

  const setType = (value: string) => {
    setSelected(new Set());
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === 'all') next.delete('type');
        else next.set('type', value);
        return next;
      },
      { replace: true },
    );
  };
  const toggle = (item: Item, checked: boolean) => {
    const next = new Set(selected);
    if (checked) next.add(key(item));
    else next.delete(key(item));
    setSelected(next);
  };

  const selectColumn: SimpleColumn<Item> = {
    key: 'select',
    width: 40,
    header: (
      <Checkbox
        aria-label={tc('list.selectAll')}
        checked={allSelected}
        indeterminate={!allSelected && selectedItems.length > 0}
        disabled={items.length === 0}
        onChange={() => setSelected(allSelected ? new Set() : new Set(items.map(key)))}
      />
    ),
    render: (item) => (
      <Checkbox
        aria-label={t('on', { action: tc('list.selectRow'), target: item.label })}
        checked={selected.has(key(item))}
        onChange={(e) => toggle(item, e.currentTarget.checked)}
      />
    ),
  };
  const restoreColumn: SimpleColumn<Item> = {
    key: 'actions',
    header: t('columns.actions'),
    hidden: true,
    width: 130,
    render: (item) => (
      <Button
        size="xs"
        variant="light"
        leftSection={<IconRestore size={14} />}
        aria-label={t('restoreOne', { label: item.label })}
        loading={restore.isPending && restore.variables?.includes(item)}
        onClick={() => restore.mutate([item])}
      >
        {t('restore')}
      </Button>
    ),
  };
  const columns: SimpleColumn<Item>[] = [
    ...(writer ? [selectColumn] : []),
    {
      key: 'type',
      header: t('columns.type'),
      width: 150,
      render: (item) => {
        const Icon = RECORDS[item.type].icon;
        return (
          <Badge
            variant="light"
            color={RECORDS[item.type].color}
            leftSection={<Icon size={12} aria-hidden />}
            tt="none"
            style={{ minWidth: 'max-content' }}
          >
            {tc(`enums.entity.${item.type}`)}
          </Badge>
        );
      },
    },
    {
      key: 'label',
      header: t('columns.label'),
      render: (item) => (
        <Text size="sm" fw={500}>
          {item.label}
        </Text>
      ),
    },
    {
      key: 'deletedAt',
      header: t('columns.deletedAt'),
      render: (item) => (
        <Tooltip label={fmt.dateTime(item.deletedAt)}>
          <Text size="sm" component="span">
            {fmt.relative(item.deletedAt)}
          </Text>
        </Tooltip>
      ),
    },
    {
      key: 'deletedBy',
      header: t('columns.deletedBy'),
      render: (item) => (item.deletedBy ? userName(item.deletedBy) : '—'),
    },
    {
      key: 'purgeAt',
      header: t('columns.purgeAt'),
      render: (item) => (
        <Text size="sm" c="dimmed">
          {fmt.date(item.purgeAt)}
        </Text>
      ),
    },
    ...(writer ? [restoreColumn] : []),
  ];

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <Stack gap="sm">
        <ScrollArea type="auto" offsetScrollbars>
          <VisuallyHidden id="bin-type-label">{t('filter')}</VisuallyHidden>
          <SegmentedControl
            aria-labelledby="bin-type-label"
            value={type ?? 'all'}
            onChange={setType}
            data={[{ value: 'all', label: t('all') }, ...TYPES.map((ty) => ({ value: ty, label: t(`types.${ty}`) }))]}
          />
        </ScrollArea>

        {writer && selectedItems.length > 0 && (
          <Card withBorder padding="xs" bg="var(--mantine-primary-color-light)" data-testid="bulk-bar">
            <Group justify="space-between">
              <Text size="sm" fw={600}>
                {tc('list.selected', { count: selectedItems.length })}
              </Text>
              <Button
                size="xs"
                leftSection={<IconRestore size={14} />}
                loading={restore.isPending}
                onClick={() => restore.mutate(selectedItems)}
              >
                {t('restoreSelection')}
              </Button>
            </Group>
          </Card>
        )}

        <ProblemAlert error={bin.error} />

        <SimpleTable
          minWidth={720}
          rows={bin.data ? items : undefined}
          rowKey={key}
          pending={bin.isPending}
          skeleton={{ rows: 5 }}
          rowTestId="bin-row"
          rowProps={(item) => ({ bg: selected.has(key(item)) ? 'var(--mantine-primary-color-light)' : undefined })}
          columns={columns}
          empty={
            <EmptyState
              title={type ? t('emptyFiltered') : t('emptyTitle')}
              hint={type ? undefined : t('emptyHint')}
              icon={<IconTrash size={26} />}
              action={
                type ? (
                  <Button variant="light" onClick={() => setType('all')}>
                    {t('showAll')}
                  </Button>
                ) : undefined
              }
            />
          }
          pager={{
            hasMore: bin.hasNextPage,
            loading: bin.isFetchingNextPage,
            onMore: () => void bin.fetchNextPage(),
            label: t('loadMore'),
          }}
        />
      </Stack>
    </>
  );
}
