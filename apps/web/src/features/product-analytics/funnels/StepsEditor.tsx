import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { eventLabel, STEP_EVENTS } from '../labels.ts';

export interface StepDraft {
  event: string;
  route: string;
}

export const MAX_STEPS = 10;
export const blankSteps = (): StepDraft[] => [
  { event: '$pageview', route: '' },
  { event: 'contact_created', route: '' },
];
/** The steps as the API takes them: a route only when one was given. */
export const stepsBody = (steps: StepDraft[]) =>
  steps.map((s) => (s.route.trim() ? { event: s.event, route: s.route.trim() } : { event: s.event }));

/** The ordered steps of a funnel: an event of the catalogue (or a page view), narrowed to a route if wanted. */
export function StepsEditor({
  steps,
  onChange,
  error,
}: {
  steps: StepDraft[];
  onChange: (steps: StepDraft[]) => void;
  error?: string | null;
}) {
  const { t } = useTranslation('product-analytics');
  const events = STEP_EVENTS.filter((e) => e !== 'api_error').map((e) => ({ value: e, label: eventLabel(t, e) }));
  const set = (i: number, patch: Partial<StepDraft>) =>
    onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t('funnels.steps')}
      </Text>
      {steps.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a step is its place in the funnel
        <Group key={i} gap="xs" align="flex-end" wrap="wrap" data-testid="funnel-step-editor">
          <Select
            label={t('funnels.step', { n: i + 1 })}
            data={events}
            value={s.event}
            onChange={(v) => v && set(i, { event: v })}
            searchable
            allowDeselect={false}
            w={240}
          />
          <TextInput
            label={t('funnels.route')}
            placeholder={t('funnels.routeHint')}
            value={s.route}
            onChange={(e) => set(i, { route: e.currentTarget.value })}
            w={200}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={t('funnels.removeStep', { n: i + 1 })}
            disabled={steps.length <= 2}
            onClick={() => onChange(steps.filter((_, j) => j !== i))}
          >
            <IconTrash size={18} />
          </ActionIcon>
        </Group>
      ))}
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={16} />}
          disabled={steps.length >= MAX_STEPS}
          onClick={() => onChange([...steps, { event: '$pageview', route: '' }])}
        >
          {t('funnels.addStep')}
        </Button>
        <Text size="xs" c="dimmed">
          {t('funnels.stepsRange')}
        </Text>
      </Group>
    </Stack>
  );
}
