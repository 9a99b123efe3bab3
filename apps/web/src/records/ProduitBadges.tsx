/** A fund's badges (status, SFDR article, SRI scale): its pages and the mandates' funds tab show them. */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client.ts';

type Produit = Schemas['Produit'];

const STATUS_COLOR: Record<Produit['status'], string> = {
  actif: 'teal',
  en_attente: 'yellow',
  inactif: 'gray',
};

export function ProduitStatusBadge({ status }: { status: Produit['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="dot">
      {t(`enums.produitStatus.${status}`)}
    </Badge>
  );
}

const SFDR_COLOR: Record<number, string> = { 6: 'gray', 8: 'green', 9: 'teal' };

export function SfdrBadge({ article }: { article: number | null }) {
  const { t } = useTranslation('produits');
  if (!article) return <>—</>;
  return (
    <Badge color={SFDR_COLOR[article] ?? 'gray'} variant="dot">
      {t('sfdr', { n: article })}
    </Badge>
  );
}

/** SRI 1-7 as a small scale: the level and seven ticks. */
export function SriScale({ risk }: { risk: number | null }) {
  const { t } = useTranslation('produits');
  if (!risk) return <>—</>;
  const color = risk <= 2 ? 'green' : risk <= 4 ? 'yellow' : risk <= 5 ? 'orange' : 'red';
  return (
    <Badge color={color} variant="dot">
      {t('sri', { n: risk })}
    </Badge>
  );
}
