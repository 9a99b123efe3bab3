import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type CampaignStatus, STATUS_COLORS } from './campaign-form.ts';

/** A campaign's page, and its wizard. */
export const campaignPath = (id: string) => `/campaigns/${id}`;
export const campaignEditPath = (id: string) => `/campaigns/${id}/edit`;

/** A campaign's status as a coloured badge in words (Brouillon, Programmée, En cours…). */
export function CampaignStatusBadge({ status, size }: { status: CampaignStatus; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation('campaigns');
  return (
    <Badge variant="light" color={STATUS_COLORS[status]} tt="none" size={size} data-testid="campaign-status">
      {t(`status.${status}`)}
    </Badge>
  );
}
