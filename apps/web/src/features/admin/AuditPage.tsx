import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { AdminOnly } from '../../app/AdminOnly.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { AuditFilters } from './audit/AuditFilters.tsx';
import { AuditTable } from './audit/AuditTable.tsx';
import { useAuditFilters } from './audit/useAuditFilters.ts';
import { allUsersQuery, auditLogQuery } from './queries.ts';

export default function AuditPage() {
  return (
    <AdminOnly>
      <Audit />
    </AdminOnly>
  );
}

/** `/admin/audit`: the hash-chained log of every change, filtered, each entry's detail, and the chain's check. */
function Audit() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const users = useQuery(allUsersQuery);
  const nameOf = (id: string | null) => (id ? (users.data?.find((u) => u.id === id)?.name ?? id.slice(0, 8)) : '—');
  const filters = useAuditFilters();
  const log = useInfiniteQuery(auditLogQuery(filters.query));
  const rows = log.data?.pages.flatMap((p) => p.items);
  const verify = useMutation({
    mutationFn: async () => data(await api.GET('/api/v1/audit/verify')),
  });

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
        <AuditFilters filters={filters} users={users.data ?? []} rows={rows ?? []} />
        {log.error && <ProblemAlert error={log.error} />}
        <AuditTable
          rows={rows}
          pending={log.isPending}
          actorName={nameOf}
          empty={
            <EmptyState
              title={t('audit.emptyTitle')}
              hint={t('audit.emptyHint')}
              action={
                filters.filtered ? (
                  <Button variant="light" onClick={filters.clear}>
                    {t('audit.clear')}
                  </Button>
                ) : undefined
              }
            />
          }
          pager={{
            hasMore: log.hasNextPage,
            loading: log.isFetchingNextPage,
            onMore: () => void log.fetchNextPage(),
            label: t('audit.loadMore'),
            end: rows?.length ? (
              <Text size="sm" c="dimmed">
                {t('audit.end')}
              </Text>
            ) : undefined,
          }}
        />
      </Stack>
    </>
  );
}
