import { Text, type TextProps, Tooltip } from '@mantine/core';
import { useFormat } from '../app/format.ts';

/** "il y a 3 jours", with the exact date and time on hover (and in the `<time>` element for assistive tech). */
export function RelativeTime({ value, ...props }: { value: string | Date } & TextProps) {
  const fmt = useFormat();
  const d = value instanceof Date ? value : new Date(value);
  const absolute = fmt.dateTime(d);
  return (
    <Tooltip label={absolute} withArrow openDelay={200}>
      <Text component="time" dateTime={d.toISOString()} size="xs" c="dimmed" {...props}>
        {fmt.relative(d)}
      </Text>
    </Tooltip>
  );
}
