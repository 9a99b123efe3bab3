import { SimpleGrid } from '@mantine/core';
import type { ReactNode } from 'react';

export { StatCard as Kpi } from '../../ui/StatCard.tsx';

/** The hub's key figures: four in a row, two on a phone. */
export function KpiGrid({ children }: { children: ReactNode }) {
  return <SimpleGrid cols={{ base: 2, md: 4 }}>{children}</SimpleGrid>;
}
