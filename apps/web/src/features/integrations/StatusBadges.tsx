import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DeliveryStatus } from './api.ts';

const STATUS_COLORS: Record<DeliveryStatus, string> = {
  pending: 'yellow',
  delivering: 'blue',
  succeeded: 'teal',
  failed: 'red',
};

/** Where a delivery stands: waiting, sending, succeeded, failed. */
export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation('integrations');
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" tt="none" data-testid="delivery-status">
      {t(`log.statuses.${status}`)}
    </Badge>
  );
}

/** An HTTP status: green for 2xx, red otherwise, grey when there was no answer. */
export function HttpStatusBadge({ status, none }: { status: number | null; none: string }) {
  if (status === null) {
    return (
      <Badge color="gray" variant="light" tt="none">
        {none}
      </Badge>
    );
  }
  return (
    <Badge color={status >= 200 && status < 300 ? 'teal' : 'red'} variant="light" ff="monospace">
      {status}
    </Badge>
  );
}
