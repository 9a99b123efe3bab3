import { Box, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import classes from './SectionNav.module.css';

export interface SectionNavItem {
  to: string;
  label: ReactNode;
  icon?: ReactNode;
  /** Current on its own address only, not on the pages under it (a section's root page). */
  end?: boolean;
}

/**
 * The pages of one section (campaigns: templates, campaigns, unsubscriptions…) as links that look like tabs: a
 * `<nav>` named by `label`, the current page marked `aria-current="page"` (a page under it counts). Links rather than
 * ARIA tabs, since each is a page of its own; the strip scrolls sideways on a phone.
 */
export function SectionNav({ label, items }: { label: string; items: readonly SectionNavItem[] }) {
  const { pathname } = useLocation();
  return (
    <Box component="nav" aria-label={label} className={`${classes.nav} scroll-x`} mb="md">
      {items.map((item) => {
        const active = pathname === item.to || (!item.end && pathname.startsWith(`${item.to}/`));
        return (
          <UnstyledButton
            key={item.to}
            component={Link}
            to={item.to}
            className={classes.tab}
            data-active={active || undefined}
            aria-current={active ? 'page' : undefined}
          >
            {item.icon}
            {item.label}
          </UnstyledButton>
        );
      })}
    </Box>
  );
}
