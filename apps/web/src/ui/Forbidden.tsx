import { Button } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyState } from './EmptyState.tsx';

/** A page the caller may not use: why, and the way home (the API refuses them anyway). */
export function Forbidden(props: { title: string; body: string; home: string; header?: ReactNode }) {
  return (
    <div data-testid="forbidden">
      {props.header}
      <EmptyState
        icon={<IconLock size={26} />}
        title={props.title}
        hint={props.body}
        action={
          <Button component={Link} to="/" variant="light">
            {props.home}
          </Button>
        }
      />
    </div>
  );
}
