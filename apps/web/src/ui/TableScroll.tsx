import { Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The sideways scroller of a wide table: native scrollbars (a finger scrolls it like the page), focusable so a keyboard
 * user can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable) and named as a region for screen readers.
 */
export function TableScroll({ minWidth, label, children }: { minWidth: number; label?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer
      minWidth={minWidth}
      type="native"
      tabIndex={0}
      role="region"
      aria-label={label ?? t('list.scrollTable')}
    >
      {children}
    </Table.ScrollContainer>
  );
}
