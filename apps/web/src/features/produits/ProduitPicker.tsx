import type { SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { RemoteSelect } from '../mandats/RemoteSelect.tsx';

/**
 * Searchable fund select (server search on name and ISIN); the value is the fund id. `exclude` hides funds
 * already chosen (e.g. those attached to a mandate).
 */
export function ProduitPicker({
  value,
  onChange,
  exclude = [],
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchable' | 'filter'> & {
  value: string | null;
  onChange: (id: string | null, label: string | null) => void;
  exclude?: string[];
}) {
  const { t } = useTranslation('produits');
  return (
    <RemoteSelect
      placeholder={t('picker.placeholder')}
      {...props}
      queryKey={['produits', 'picker', exclude]}
      search={async (q, signal) => {
        const page = data(
          await api.GET('/api/v1/produits', {
            params: { query: { ...(q ? { q } : { sort: 'name' }), limit: 20 } },
            signal,
          }),
        );
        return page.items
          .filter((p) => !exclude.includes(p.id))
          .map((p) => ({ value: p.id, label: p.name, description: `${p.isin} · ${p.type} · ${p.currency}` }));
      }}
      value={value}
      onChange={(id, option) => onChange(id, option?.label ?? null)}
      nothingFound={t('picker.nothing')}
    />
  );
}
