import { Anchor, Paper, Skeleton, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A key figure in a bordered card: its label in small capitals, the value large, a line under it (a change, a
 * target, a total). With `onClick` the value is a button (it opens what it counts); while `loading`, a skeleton.
 */
export function StatCard({
  label,
  value,
  hint,
  onClick,
  loading,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  onClick?: () => void;
  loading?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" radius="md" data-testid="kpi">
      <Text size="xs" c="dimmed" fw={500} tt="uppercase">
        {label}
      </Text>
      {loading ? (
        <Skeleton height={28} mt={4} />
      ) : onClick ? (
        <Anchor
          component="button"
          type="button"
          onClick={onClick}
          fz="xl"
          fw={700}
          c="var(--mantine-color-text)"
          aria-label={typeof value === 'string' ? t('labelled', { label, value }) : undefined}
          data-testid="kpi-value"
        >
          {value}
        </Anchor>
      ) : (
        <Text fz="xl" fw={700} data-testid="kpi-value">
          {value}
        </Text>
      )}
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}
