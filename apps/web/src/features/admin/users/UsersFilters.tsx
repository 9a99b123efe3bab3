import { ROLES } from '@crm/contracts';
import { Group, SegmentedControl, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeams } from '../../../app/teams.ts';

export interface UsersFilterValues {
  q: string;
  role: string | null;
  teamId: string | null;
  status: string;
}

/** The users page's filters (kept in the address): a search, the role, the team, active or not. */
export function UsersFilters({
  values,
  onChange,
}: {
  values: UsersFilterValues;
  onChange: (key: keyof UsersFilterValues, value: string | null) => void;
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const { teamOptions } = useTeams();
  const [search, setSearch] = useState(values.q);
  const setQ = useDebouncedCallback((v: string) => onChange('q', v.trim() || null), 300);

  return (
    <Group mb="md" gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        aria-label={t('users.search')}
        placeholder={t('users.search')}
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setQ(e.currentTarget.value);
        }}
        style={{ flex: '1 1 240px' }}
      />
      <Select
        aria-label={t('users.role')}
        placeholder={t('users.allRoles')}
        data={ROLES.map((r) => ({ value: r, label: tc(`enums.role.${r}`) }))}
        value={values.role}
        onChange={(v) => onChange('role', v)}
        clearable
        w={{ base: '100%', xs: 180 }}
      />
      <Select
        aria-label={t('users.team')}
        placeholder={t('users.allTeams')}
        data={teamOptions}
        value={values.teamId}
        onChange={(v) => onChange('teamId', v)}
        clearable
        searchable
        w={{ base: '100%', xs: 200 }}
      />
      <SegmentedControl
        aria-label={t('users.status')}
        value={values.status}
        onChange={(v) => onChange('status', v === 'all' ? null : v)}
        data={[
          { value: 'all', label: t('users.all') },
          { value: 'active', label: t('users.active') },
          { value: 'inactive', label: t('users.inactive') },
        ]}
      />
    </Group>
  );
}
