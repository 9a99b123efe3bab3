import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconMailOff, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { hasRole, useCurrentUser } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { suppressionKeys } from '../../app/query-keys.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Forbidden } from '../../ui/Forbidden.tsx';
import { fieldErrors } from '../../ui/field-errors.ts';
import { ProblemAlert, problemMessage } from '../../ui/ProblemAlert.tsx';
import { SearchField } from '../../ui/SearchField.tsx';
import { type SimpleColumn, SimpleTable } from '../../ui/SimpleTable.tsx';
import { type Suppression, type SuppressionReason, suppressionsQuery } from './queries.ts';

const REASONS: SuppressionReason[] = ['unsubscribed', 'bounced', 'complained', 'manual'];
const REASON_COLORS: Record<SuppressionReason, string> = {
  unsubscribed: 'gray',
  bounced: 'orange',
  complained: 'red',
  manual: 'blue',
};

/**
 * `/campaigns/suppressions`: the addresses that get no marketing mail at all (docs/CAMPAIGNS.md, "Compliance"), with
 * the counts by reason, searched by address, page by page. Managers and administrators read it and add an address
 * by hand; only administrators take one off. Other roles do not see the tab (the API answers them 403).
 */
export default function SuppressionsPage() {
  const user = useCurrentUser();
  const { t } = useTranslation('campaigns');
  if (!hasRole(user, 'manager'))
    return (
      <Forbidden
        title={t('suppressions.forbiddenTitle')}
        body={t('suppressions.forbiddenBody')}
        home={t('suppressions.home')}
      />
    );
  return <Suppressions admin={user.role === 'admin'} />;
}

function Suppressions({ admin }: { admin: boolean }) {
  const { t } = useTranslation('campaigns');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 300);
  const [reason, setReason] = useState<SuppressionReason | null>(null);
  const [adding, setAdding] = useState(false);
  const list = useInfiniteQuery(suppressionsQuery({ q: debounced, reason }));
  const rows = list.data?.pages.flatMap((p) => p.items);
  const counts = list.data?.pages[0]?.counts;
  const total = counts ? REASONS.reduce((n, r) => n + counts[r], 0) : 0;

  const remove = useMutation({
    mutationFn: async (s: Suppression) =>
      data(await api.DELETE('/api/v1/email-suppressions/{address}', { params: { path: { address: s.address } } })),
    onSuccess: (_r, s) => {
      notifications.show({ color: 'teal', message: t('suppressions.removed', { address: s.address }) });
      void queryClient.invalidateQueries({ queryKey: suppressionKeys.all });
    },
  });
  const confirmRemove = (s: Suppression) =>
    modals.openConfirmModal({
      title: t('suppressions.removeTitle'),
      children: <Text size="sm">{t('suppressions.removeBody', { address: s.address })}</Text>,
      labels: { confirm: t('suppressions.remove'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(s),
    });

  const reasonBadge = (x: Suppression) => (
    <Badge variant="light" color={REASON_COLORS[x.reason]} tt="none">
      {t(`suppressions.reasons.${x.reason}`)}
    </Badge>
  );
  const removeButton = (x: Suppression) => (
    <Tooltip label={t('suppressions.removeFor', { address: x.address })}>
      <ActionIcon
        variant="subtle"
        color="red"
        aria-label={t('suppressions.removeFor', { address: x.address })}
        onClick={() => confirmRemove(x)}
      >
        <IconTrash size={18} />
      </ActionIcon>
    </Tooltip>
  );
  const columns: SimpleColumn<Suppression>[] = [
    {
      key: 'address',
      header: t('suppressions.columns.address'),
      render: (x) => (
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {x.address}
        </Text>
      ),
    },
    {
      key: 'reason',
      header: t('suppressions.columns.reason'),
      nowrap: true,
      render: (x) => reasonBadge(x),
    },
    { key: 'source', header: t('suppressions.columns.source'), render: (x) => t(`suppressions.sources.${x.source}`) },
    {
      key: 'detail',
      header: t('suppressions.columns.detail'),
      render: (x) => (
        <Text size="sm" c="dimmed" lineClamp={2} maw={280}>
          {x.detail ?? '—'}
        </Text>
      ),
    },
    {
      key: 'createdAt',
      header: t('suppressions.columns.createdAt'),
      nowrap: true,
      render: (x) => fmt.dateTime(x.createdAt),
    },
    ...(admin
      ? [
          {
            key: 'actions',
            header: t('suppressions.columns.actions'),
            hidden: true,
            width: 56,
            align: 'right' as const,
            render: (x: Suppression) => removeButton(x),
          },
        ]
      : []),
  ];

  const reasonOptions = [
    { value: 'all', label: counts ? `${t('suppressions.all')} · ${fmt.number(total)}` : t('suppressions.all') },
    ...REASONS.map((r) => ({
      value: r,
      label: counts ? `${t(`suppressions.reasons.${r}`)} · ${fmt.number(counts[r])}` : t(`suppressions.reasons.${r}`),
    })),
  ];
  const pager = {
    hasMore: list.hasNextPage,
    loading: list.isFetchingNextPage,
    onMore: () => void list.fetchNextPage(),
    label: t('suppressions.more'),
    status: rows?.length ? (
      <Text size="sm" c="dimmed">
        {t('suppressions.loaded', { count: rows.length })}
      </Text>
    ) : undefined,
    end: rows?.length ? (
      <Text size="sm" c="dimmed">
        {t('suppressions.end')}
      </Text>
    ) : undefined,
  };

  const searching = Boolean(debounced.trim()) || reason !== null;
  const empty = searching ? (
    <EmptyState
      icon={<IconSearch size={26} />}
      title={t('suppressions.noMatch')}
      action={
        <Button
          variant="default"
          onClick={() => {
            setQ('');
            setReason(null);
          }}
        >
          {t('suppressions.clear')}
        </Button>
      }
    />
  ) : (
    <EmptyState
      icon={<IconMailOff size={26} />}
      title={t('suppressions.emptyTitle')}
      hint={t('suppressions.emptyHint')}
    />
  );

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h3" id="suppressions-title">
            {t('suppressions.title')}
          </Title>
          <Text size="sm" c="dimmed" maw={640}>
            {t('suppressions.hint')}
          </Text>
        </Stack>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
          {t('suppressions.add')}
        </Button>
      </Group>
      <ProblemAlert error={list.error} />
      <Group gap="sm" wrap="wrap" align="flex-end">
        <SearchField
          label={t('suppressions.search')}
          clearLabel={t('suppressions.clear')}
          placeholder={t('suppressions.searchPlaceholder')}
          value={q}
          onChange={setQ}
          w={{ base: '100%', sm: 320 }}
        />
        <SegmentedControl
          visibleFrom="md"
          aria-label={t('suppressions.reason')}
          value={reason ?? 'all'}
          onChange={(v) => setReason(v === 'all' ? null : (v as SuppressionReason))}
          data={reasonOptions}
          data-testid="suppression-reasons"
        />
        {/* On a phone or a tablet: the same choice as a list. */}
        <Select
          hiddenFrom="md"
          aria-label={t('suppressions.reason')}
          value={reason ?? 'all'}
          onChange={(v) => setReason(!v || v === 'all' ? null : (v as SuppressionReason))}
          data={reasonOptions}
          allowDeselect={false}
          w={{ base: '100%', sm: 280 }}
        />
      </Group>
      <Box visibleFrom="sm">
        <SimpleTable
          columns={columns}
          rows={rows}
          pending={list.isPending}
          minWidth={800}
          rowTestId="suppression-row"
          labelledBy="suppressions-title"
          empty={empty}
          pager={pager}
        />
      </Box>
      {/* On a phone: one card an address. */}
      <Stack gap="xs" hiddenFrom="sm" data-testid="suppression-cards">
        {rows?.map((x) => (
          <Card key={x.id} withBorder padding="sm" component="article" aria-label={x.address}>
            <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
              <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                {x.address}
              </Text>
              {admin && removeButton(x)}
            </Group>
            <Group gap="xs" mt={4} wrap="wrap">
              {reasonBadge(x)}
              <Text size="xs" c="dimmed">
                {t(`suppressions.sources.${x.source}`)} · {fmt.dateTime(x.createdAt)}
              </Text>
            </Group>
            {x.detail && (
              <Text size="sm" c="dimmed" mt={4}>
                {x.detail}
              </Text>
            )}
          </Card>
        ))}
        {rows?.length === 0 && <Card withBorder>{empty}</Card>}
        {list.hasNextPage && (
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('suppressions.more')}
          </Button>
        )}
      </Stack>
      <AddModal opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}

/** An address added by hand: a request by phone or letter. */
function AddModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('campaigns');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { address: '', detail: '' } });
  const close = () => {
    form.reset();
    add.reset();
    onClose();
  };
  const add = useMutation({
    meta: { errorToast: false },
    mutationFn: async (v: { address: string; detail: string }) =>
      data(
        await api.POST('/api/v1/email-suppressions', {
          body: { address: v.address.trim(), detail: v.detail.trim() || null },
        }),
      ),
    onSuccess: (s) => {
      notifications.show({ color: 'teal', message: t('suppressions.added', { address: s.address }) });
      void queryClient.invalidateQueries({ queryKey: suppressionKeys.all });
      close();
    },
    onError: (e) => form.setErrors(fieldErrors(e, ['address', 'detail'])),
  });
  return (
    <Modal opened={opened} onClose={close} title={t('suppressions.addTitle')} centered>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          if (!v.address.trim()) return form.setErrors({ address: t('wizard.required') });
          add.mutate(v);
        })}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('suppressions.addHint')}
          </Text>
          <TextInput
            type="email"
            label={t('suppressions.address')}
            required
            data-autofocus
            maxLength={254}
            {...form.getInputProps('address')}
          />
          <Textarea
            label={t('suppressions.detail')}
            placeholder={t('suppressions.detailPlaceholder')}
            autosize
            minRows={2}
            maxLength={500}
            {...form.getInputProps('detail')}
          />
          {add.error && !Object.keys(form.errors).length && (
            <Text size="sm" c="red" role="alert">
              {problemMessage(add.error)}
            </Text>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending}>
              {t('suppressions.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
