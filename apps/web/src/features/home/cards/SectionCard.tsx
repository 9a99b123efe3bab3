import { Anchor, Card, Group, Title } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** A card of the home page: a titled section, with a link to the page it sums up. */
export function SectionCard({
  title,
  link,
  children,
  id,
}: {
  title: string;
  link?: { to: string; label: string };
  children: ReactNode;
  id: string;
}) {
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {link && (
          <Anchor component={Link} to={link.to} size="sm">
            <Group gap={4} component="span">
              {link.label}
              <IconArrowRight size={14} aria-hidden />
            </Group>
          </Anchor>
        )}
      </Group>
      {children}
    </Card>
  );
}
