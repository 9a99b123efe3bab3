import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconMailPlus, IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';

/** The words of a section list: its title, count, creation button and first-use empty state. */
export interface SectionListTexts {
  title: string;
  count: string;
  create: string;
  emptyTitle: string;
  emptyHint: string;
  emptyAction: string;
}

/**
 * The frame of the campaigns section's lists (campaigns, templates): the title with the count, « Nouveau… » for those
 * who may write, the API's problem, and the first-use empty state instead of the list when there is nothing yet.
 */
export function SectionList(props: {
  titleId: string;
  countTestId: string;
  texts: SectionListTexts;
  newPath: string;
  writer: boolean;
  /** Nothing exists yet (not a filter's empty result). */
  none: boolean;
  loaded: boolean;
  error: unknown;
  children: ReactNode;
}) {
  const { texts, newPath, writer, none } = props;
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Group gap="xs" align="baseline">
          <Title order={2} size="h3" id={props.titleId}>
            {texts.title}
          </Title>
          {props.loaded && !none && (
            <Text size="sm" c="dimmed" data-testid={props.countTestId}>
              {texts.count}
            </Text>
          )}
        </Group>
        {writer && !none && (
          <Button component={Link} to={newPath} leftSection={<IconPlus size={16} />}>
            {texts.create}
          </Button>
        )}
      </Group>
      <ProblemAlert error={props.error} />
      {none ? (
        <Card withBorder>
          <EmptyState
            icon={<IconMailPlus size={26} />}
            title={texts.emptyTitle}
            hint={texts.emptyHint}
            action={
              writer && (
                <Button component={Link} to={newPath} leftSection={<IconPlus size={16} />} mt="xs">
                  {texts.emptyAction}
                </Button>
              )
            }
          />
        </Card>
      ) : (
        props.children
      )}
    </Stack>
  );
}
