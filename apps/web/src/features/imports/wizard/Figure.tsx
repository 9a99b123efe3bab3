import { Card, Text } from '@mantine/core';
import { useFormat } from '../../../app/format.ts';

/** One count of the check or the report ("À créer 12"). */
export function Figure({ label, value, color }: { label: string; value: number; color?: string }) {
  const fmt = useFormat();
  return (
    <Card withBorder padding="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {fmt.number(value)}
      </Text>
    </Card>
  );
}
