import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiHealth } from './useApiHealth.ts';

const COLORS = { checking: 'gray', ok: 'teal', down: 'red' } as const;

export function ApiStatusBadge() {
  const { t } = useTranslation();
  const health = useApiHealth();
  return (
    <Badge color={COLORS[health]} variant="light" data-testid="api-status" data-status={health}>
      {t(`health.${health}`)}
    </Badge>
  );
}
