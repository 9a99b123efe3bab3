import { Skeleton, Stack } from '@mantine/core';

/** Shown while a page's code or first data loads. */
export function PageSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <Stack gap="sm" aria-busy="true" data-testid="page-skeleton">
      <Skeleton height={32} width="40%" />
      <Skeleton height={20} width="25%" mb="md" />
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <Skeleton key={i} height={36} />
      ))}
    </Stack>
  );
}
