import type { SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { useOrganisationNames } from './model.ts';
import { RemoteSelect } from './RemoteSelect.tsx';

/** Searchable organisation select (server search by name); the value is the organisation id. */
export function OrganisationPicker({
  value,
  onChange,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchable' | 'filter'> & {
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const { t } = useTranslation('mandats');
  const orgName = useOrganisationNames([value]);
  return (
    <RemoteSelect
      placeholder={t('organisationPicker.placeholder')}
      {...props}
      queryKey={['organisations', 'picker']}
      search={async (q, signal) => {
        const page = data(
          await api.GET('/api/v1/organisations', {
            params: { query: q ? { q, limit: 20 } : { limit: 20, sort: '-updatedAt' } },
            signal,
          }),
        );
        return page.items.map((o) => ({
          value: o.id,
          label: o.name,
          description: [o.city, o.category].filter(Boolean).join(' · ') || undefined,
        }));
      }}
      value={value}
      onChange={(id) => onChange(id)}
      selectedLabel={value ? orgName(value) : undefined}
      nothingFound={t('organisationPicker.nothing')}
    />
  );
}
