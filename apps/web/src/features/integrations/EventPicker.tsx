import { Badge, Checkbox, Code, Group, Input, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ALL_EVENTS, EVENT_GROUP_NAMES, EVENT_GROUPS, isAllEvents, isEmitted } from './api.ts';

/**
 * The event types a webhook receives: every type (`['*']`, including those added later), or a choice grouped as
 * the catalogue is (EVENT_GROUPS), each group with a select-all checkbox. Types not emitted yet are marked.
 */
export function EventPicker({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (types: string[]) => void;
  error?: React.ReactNode;
}) {
  const { t } = useTranslation('integrations');
  const labelId = useId();
  const errorId = useId();
  const all = isAllEvents(value);
  const selected = new Set(value);

  const setGroup = (types: readonly string[], on: boolean) => {
    const next = new Set(selected);
    for (const type of types) {
      if (on) next.add(type);
      else next.delete(type);
    }
    onChange([...next]);
  };
  const setType = (type: string, on: boolean) => setGroup([type], on);

  return (
    <Stack gap="xs" role="group" aria-labelledby={labelId} aria-describedby={error ? errorId : undefined}>
      <Input.Label id={labelId} required component="div">
        {t('form.events')}
      </Input.Label>
      <Checkbox
        label={t('events.all')}
        description={t('events.allHelp')}
        checked={all}
        onChange={(e) => onChange(e.currentTarget.checked ? [ALL_EVENTS] : [])}
      />
      {!all && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" data-testid="event-groups">
          {EVENT_GROUP_NAMES.map((group) => {
            const types = EVENT_GROUPS[group];
            const count = types.filter((type) => selected.has(type)).length;
            const groupName = t(`events.groups.${group}`);
            return (
              <Paper key={group} withBorder p="xs" role="group" aria-label={groupName}>
                <Group justify="space-between" wrap="nowrap" mb={6}>
                  <Checkbox
                    label={
                      <Text size="sm" fw={600} component="span">
                        {groupName}
                      </Text>
                    }
                    aria-label={t('events.selectGroup', { group: groupName })}
                    checked={count === types.length}
                    indeterminate={count > 0 && count < types.length}
                    onChange={(e) => setGroup(types, e.currentTarget.checked)}
                  />
                  <Text size="xs" c="dimmed">
                    {t('events.selected', { count, total: types.length })}
                  </Text>
                </Group>
                <Stack gap={6} pl="lg">
                  {types.map((type) => (
                    <Checkbox
                      key={type}
                      size="xs"
                      checked={selected.has(type)}
                      onChange={(e) => setType(type, e.currentTarget.checked)}
                      aria-label={`${t(`events.types.${type}`)} (${type})`}
                      label={
                        <Group gap={6} wrap="wrap" component="span">
                          <span>{t(`events.types.${type}`)}</span>
                          <Code fz={11}>{type}</Code>
                          {!isEmitted(type) && (
                            <Badge size="xs" variant="light" color="gray" tt="none" component="span">
                              {t('events.later')}
                            </Badge>
                          )}
                        </Group>
                      }
                    />
                  ))}
                </Stack>
              </Paper>
            );
          })}
        </SimpleGrid>
      )}
      {!all && (
        <Text size="xs" c="dimmed">
          <Badge size="xs" variant="light" color="gray" tt="none" component="span" mr={6}>
            {t('events.later')}
          </Badge>
          {t('events.laterHint')}
        </Text>
      )}
      {error && (
        <Input.Error id={errorId} role="alert">
          {error}
        </Input.Error>
      )}
    </Stack>
  );
}
