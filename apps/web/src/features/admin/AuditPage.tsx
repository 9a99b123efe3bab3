import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedCallback, useDisclosure, useMediaQuery } from '@mantine/hooks';
import {
  IconChevronDown,
  IconChevronRight,
  IconCircleCheck,
  IconExternalLink,
  IconFilter,
  IconFilterOff,
  IconShieldCheck,
  IconShieldX,
} from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useMutation } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../../api/client.ts';
import { useFormat } from '../../app/format.ts';
import { isRecordType, RECORDS } from '../../app/records.ts';
import { useUrlParams } from '../../app/search-params';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableScroll } from '../../ui/TableScroll.tsx';
import { AdminOnly } from './AdminOnly.tsx';
import { type AuditRow, useAllUsers } from './api.ts';

const PAGE = 50;
const ENTITY_TYPES = [
  'organisation',
  'person',
  'mandat',
  'produit',
  'task',
  'interaction',
  'note',
  'attachment',
  'segment',
  'import',
  'user',
  'team',
  'session',
  'api_key',
  'cache',
  'job',
];
const ACTIONS = [
  'create',
  'update',
  'delete',
  'restore',
  'merge',
  'export',
  'import',
  'stage_change',
  'login',
  'login_failed',
  'logout',
  'deactivate',
  'password_changed',
  'password_reset',
  'totp_enabled',
  'totp_disabled',
  'revoke',
  'anonymise',
  'rgpd_export',
  'clear',
  'retry',
];
const TEXT_FILTERS = ['entityType', 'entityId', 'action'] as const;

export default function AuditPage() {
  return (
    <AdminOnly>
      <Audit />
    </AdminOnly>
  );
}

function Audit() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useUrlParams();
  const users = useAllUsers();
  const nameOf = (id: string | null) => (id ? (users.data?.find((u) => u.id === id)?.name ?? id.slice(0, 8)) : '—');
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(TEXT_FILTERS.map((k) => [k, params.get(k) ?? ''])),
  );
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const phone = useMediaQuery('(max-width: 48em)');
  const [filtersOpen, filtersToggle] = useDisclosure(false);

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const commitText = useDebouncedCallback((key: string, value: string) => setParam(key, value.trim() || null), 350);
  const setText = (key: string, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    commitText(key, value);
  };

  const from = params.get('from');
  const to = params.get('to');
  const query = {
    limit: PAGE,
    ...Object.fromEntries(TEXT_FILTERS.flatMap((k) => (params.get(k) ? [[k, params.get(k) as string]] : []))),
    ...(params.get('actor') ? { actorUserId: params.get('actor') as string } : {}),
    ...(from ? { from: dayjs(from).startOf('day').toISOString() } : {}),
    ...(to ? { to: dayjs(to).endOf('day').toISOString() } : {}),
  };
  const filterCount = Object.keys(query).length - 1 - (query.to && query.from ? 1 : 0);
  const filtered = filterCount > 0;

  const log = useInfiniteQuery({
    queryKey: ['audit', 'list', query],
    queryFn: async ({ pageParam, signal }) =>
      data(
        await api.GET('/api/v1/audit', {
          params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } as never },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];

  const verify = useMutation({
    mutationFn: async () => data(await api.GET('/api/v1/audit/verify')),
  });

  const toggle = (seq: number) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  const clear = () => {
    setDraft(Object.fromEntries(TEXT_FILTERS.map((k) => [k, ''])));
    setParams(new URLSearchParams(), { replace: true });
  };

  const actorLabel = (r: AuditRow) => {
    if (r.actorType === 'system' || (!r.actorUserId && !r.actorId)) return t('audit.system');
    const name = nameOf(r.actorUserId);
    return r.actorType === 'api_key' ? `${name} · ${t('audit.apiKey')}` : name;
  };
  const entityLabel = (type: string) =>
    t(`audit.types.${type}`, { defaultValue: tc(`enums.entity.${type}`, { defaultValue: type }) });
  const actionLabel = (action: string) => t(`audit.actions.${action}`, { defaultValue: action });
  const options = (known: string[], key: 'entityType' | 'action', label: (v: string) => string) =>
    [...new Set([...known, ...rows.map((r) => r[key]), ...(params.get(key) ? [params.get(key) as string] : [])])]
      .map((v) => ({ value: v, label: label(v) }))
      .sort((a, b) => a.label.localeCompare(b.label));
  const entityHref = (r: AuditRow) => {
    if (!r.entityId) return null;
    const page = isRecordType(r.entityType) ? RECORDS[r.entityType].page : null;
    return page ? page(r.entityId) : null;
  };

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        actions={
          <Button
            variant="light"
            leftSection={<IconShieldCheck size={18} />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
          >
            {t('audit.verify')}
          </Button>
        }
      />
      <Stack gap="md">
        {verify.error && <ProblemAlert error={verify.error} />}
        {verify.data && (
          <Alert
            role="status"
            data-testid="audit-verify-result"
            color={verify.data.ok ? 'teal' : 'red'}
            icon={verify.data.ok ? <IconCircleCheck size={18} /> : <IconShieldX size={18} />}
            withCloseButton
            closeButtonLabel={tc('actions.close')}
            onClose={() => verify.reset()}
          >
            {verify.data.ok
              ? t('audit.verifyOk', { count: verify.data.checked })
              : t('audit.verifyBroken', {
                  seq: verify.data.firstBroken?.seq,
                  count: verify.data.checked,
                  reason: verify.data.firstBroken ? t(`audit.reason.${verify.data.firstBroken.reason}`) : '',
                })}
          </Alert>
        )}

        {phone && (
          <Button
            variant="default"
            leftSection={<IconFilter size={16} />}
            onClick={filtersToggle.toggle}
            aria-expanded={filtersOpen}
            aria-controls="audit-filters"
          >
            {filtered ? `${t('audit.filters')} (${filterCount})` : t('audit.filters')}
          </Button>
        )}
        <Card withBorder id="audit-filters" display={phone && !filtersOpen ? 'none' : undefined}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            <Select
              label={t('audit.actor')}
              data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              value={params.get('actor')}
              onChange={(v) => setParam('actor', v)}
              searchable
              clearable
            />
            <Select
              label={t('audit.entityType')}
              data={options(ENTITY_TYPES, 'entityType', entityLabel)}
              value={params.get('entityType')}
              onChange={(v) => setParam('entityType', v)}
              searchable
              clearable
            />
            <Select
              label={t('audit.action')}
              data={options(ACTIONS, 'action', actionLabel)}
              value={params.get('action')}
              onChange={(v) => setParam('action', v)}
              searchable
              clearable
            />
            <TextInput
              label={t('audit.entityId')}
              value={draft.entityId}
              onChange={(e) => setText('entityId', e.currentTarget.value)}
            />
            <DatePickerInput
              label={`${t('audit.period')} · ${tc('list.from')}`}
              value={from}
              onChange={(v) => setParam('from', v ? dayjs(v).format('YYYY-MM-DD') : null)}
              clearable
              valueFormat="DD/MM/YYYY"
              maxDate={to ?? undefined}
            />
            <DatePickerInput
              label={`${t('audit.period')} · ${tc('list.to')}`}
              value={to}
              onChange={(v) => setParam('to', v ? dayjs(v).format('YYYY-MM-DD') : null)}
              clearable
              valueFormat="DD/MM/YYYY"
              minDate={from ?? undefined}
            />
          </SimpleGrid>
          {filtered && (
            <Group justify="flex-end" mt="sm">
              <Button variant="subtle" size="compact-sm" leftSection={<IconFilterOff size={16} />} onClick={clear}>
                {t('audit.clear')}
              </Button>
            </Group>
          )}
        </Card>

        {log.error && <ProblemAlert error={log.error} />}

        <Card withBorder padding={0}>
          <TableScroll minWidth={820}>
            <Table verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={44}>
                    <VisuallyHidden>{t('audit.details')}</VisuallyHidden>
                  </Table.Th>
                  <Table.Th>{t('audit.when')}</Table.Th>
                  <Table.Th>{t('audit.actor')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('audit.entityType')}</Table.Th>
                  <Table.Th>{t('audit.entityId')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {log.isPending &&
                  Array.from({ length: 8 }, (_, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                    <Table.Tr key={i}>
                      <Table.Td colSpan={6}>
                        <Skeleton height={24} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                {rows.map((r) => {
                  const open = expanded.has(r.seq);
                  const changed = r.changes ? Object.keys(r.changes).length : 0;
                  const href = entityHref(r);
                  return (
                    <Fragment key={r.seq}>
                      <Table.Tr data-testid="audit-row" onClick={() => toggle(r.seq)} style={{ cursor: 'pointer' }}>
                        <Table.Td>
                          <ActionIcon
                            variant="subtle"
                            aria-expanded={open}
                            aria-controls={`audit-${r.seq}`}
                            aria-label={open ? t('audit.collapse', { seq: r.seq }) : t('audit.expand', { seq: r.seq })}
                            onClick={(e) => {
                              e.stopPropagation();
                              toggle(r.seq);
                            }}
                          >
                            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                          </ActionIcon>
                        </Table.Td>
                        <Table.Td>
                          <Tooltip label={fmt.relative(r.occurredAt)}>
                            <Text size="sm" component="span" style={{ whiteSpace: 'nowrap' }}>
                              {fmt.dateTime(r.occurredAt)}
                            </Text>
                          </Tooltip>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{actorLabel(r)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            <Badge variant="light" color={actionColor(r.action)} tt="none" miw="max-content">
                              {actionLabel(r.action)}
                            </Badge>
                            {changed > 0 && (
                              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                                {t('audit.fieldsCount', { count: changed })}
                              </Text>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{entityLabel(r.entityType)}</Text>
                        </Table.Td>
                        <Table.Td>
                          {r.entityId ? (
                            <Group gap={4} wrap="nowrap">
                              <Code>{r.entityId.length > 13 ? `${r.entityId.slice(0, 8)}…` : r.entityId}</Code>
                              {href && (
                                <Tooltip label={t('audit.open')}>
                                  <ActionIcon
                                    component={Link}
                                    to={href}
                                    variant="subtle"
                                    size="sm"
                                    aria-label={`${t('audit.open')} ${r.entityId}`}
                                    onClick={(e) => e.stopPropagation()}
                                  >
                                    <IconExternalLink size={14} />
                                  </ActionIcon>
                                </Tooltip>
                              )}
                            </Group>
                          ) : (
                            '—'
                          )}
                        </Table.Td>
                      </Table.Tr>
                      {open && (
                        <Table.Tr id={`audit-${r.seq}`}>
                          <Table.Td colSpan={6} bg="var(--mantine-color-default-hover)">
                            <AuditDetails row={r} />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableScroll>
          {!log.isPending && !log.error && rows.length === 0 && (
            <EmptyState
              title={t('audit.emptyTitle')}
              hint={t('audit.emptyHint')}
              action={
                filtered ? (
                  <Button variant="light" onClick={clear}>
                    {t('audit.clear')}
                  </Button>
                ) : undefined
              }
            />
          )}
        </Card>
        {rows.length > 0 && (
          <Group justify="center">
            {log.hasNextPage ? (
              <Button variant="default" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
                {t('audit.loadMore')}
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                {t('audit.end')}
              </Text>
            )}
          </Group>
        )}
      </Stack>
    </>
  );
}

function actionColor(action: string): string {
  if (action === 'create' || action === 'restore' || action === 'login') return 'teal';
  if (action === 'delete' || action === 'deactivate' || action === 'login_failed' || action === 'anonymise')
    return 'red';
  if (action === 'update' || action === 'stage_change') return 'blue';
  return 'gray';
}

function show(value: unknown) {
  if (value === null || value === undefined || value === '') return <Text c="dimmed">—</Text>;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (
    <Text size="sm" style={{ wordBreak: 'break-word' }}>
      {text}
    </Text>
  );
}

/** The expanded part of an entry: changed fields before → after, then context (IP, browser, hash). */
function AuditDetails({ row }: { row: AuditRow }) {
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
