import { Button, Group, TextInput } from '@mantine/core';
import { CopyTextButton } from './CopyButtons.tsx';

/**
 * A secret shown once (an API key, a webhook signing secret): read-only, monospace, selected on focus, with a copy
 * button and the button that closes what shows it.
 */
export function SecretField(props: {
  label: string;
  value: string;
  testId: string;
  copyLabel: string;
  doneLabel: string;
  onDone: () => void;
}) {
  return (
    <>
      <TextInput
        label={props.label}
        value={props.value}
        readOnly
        onFocus={(e) => e.currentTarget.select()}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        data-testid={props.testId}
      />
      <Group justify="space-between">
        <CopyTextButton value={props.value} label={props.copyLabel} />
        <Button onClick={props.onDone}>{props.doneLabel}</Button>
      </Group>
    </>
  );
}
