import { Button, Text } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminOnly } from '../../app/AdminOnly.tsx';
import { useUrlParams } from '../../app/search-params';
import { useTeams } from '../../app/teams.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import type { User } from './api.ts';
import { type UsersParams, usersListQuery } from './queries.ts';
import { UserFormModal } from './UserFormModal.tsx';
import { UsersFilters, type UsersFilterValues } from './users/UsersFilters.tsx';
import { UsersTable } from './users/UsersTable.tsx';

const PAGE = 50;

export default function UsersPage() {
  return (
    <AdminOnly>
      <Users />
    </AdminOnly>
  );
}

/** The list's query from the filters of the address. */
function usersParams({ q, role, teamId, status }: UsersFilterValues): UsersParams {
  return {
    limit: PAGE,
    ...(q ? { q } : {}),
    ...(role ? { role: role as User['role'] } : {}),
    ...(teamId ? { teamId } : {}),
    ...(status === 'active'
      ? { isActive: 'true' as const }
      : status === 'inactive'
        ? { isActive: 'false' as const }
        : {}),
  };
}

function Users() {
  const { t } = useTranslation('admin');
  const [params, setParams] = useUrlParams();
  const { teams } = useTeams();
  /** undefined: no modal; null: creating; a user: editing them. */
  const [editing, setEditing] = useState<User | null | undefined>(undefined);
  const filters: UsersFilterValues = {
    q: params.get('q') ?? '',
    role: params.get('role'),
    teamId: params.get('teamId'),
    status: params.get('status') ?? 'all',
  };
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

  const list = useInfiniteQuery(usersListQuery(usersParams(filters)));
  const users = list.data?.pages.flatMap((p) => p.items);
  const total = list.data?.pages[0]?.total ?? 0;

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          <Button leftSection={<IconUserPlus size={18} />} onClick={() => setEditing(null)}>
            {t('users.create')}
          </Button>
        }
      />
      <UsersFilters values={filters} onChange={setParam} />
      {list.error && <ProblemAlert error={list.error} />}
      <UsersTable
        users={users}
        pending={list.isPending}
        onEdit={setEditing}
        onCreate={() => setEditing(null)}
        pager={{
          hasMore: list.hasNextPage,
          loading: list.isFetchingNextPage,
          onMore: () => void list.fetchNextPage(),
          label: t('users.loadMore'),
          status: (
            <Text size="sm" c="dimmed" role="status">
              {list.data ? t('users.total', { count: total }) : ''}
            </Text>
          ),
        }}
      />
      {editing !== undefined && (
        <UserFormModal
          key={editing?.id ?? 'new'}
          user={editing}
          teams={teams}
          opened
          onClose={() => setEditing(undefined)}
        />
      )}
    </>
  );
}
