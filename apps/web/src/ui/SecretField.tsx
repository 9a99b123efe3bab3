import { Button, CopyButton, Group, TextInput } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

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
  const { t } = useTranslation();
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
        <CopyButton value={props.value}>
          {({ copied, copy }) => (
            <Button
              variant="light"
              color={copied ? 'teal' : undefined}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
            >
              {copied ? t('actions.copied') : props.copyLabel}
            </Button>
          )}
        </CopyButton>
        <Button onClick={props.onDone}>{props.doneLabel}</Button>
      </Group>
    </>
  );
}
