import { ActionIcon, type ActionIconProps, Button, CopyButton, Tooltip, type TooltipProps } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** A labelled button that copies `value`, turning green with "Copied" for a moment. */
export function CopyTextButton({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button
          variant="light"
          color={copied ? 'teal' : undefined}
          leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          onClick={copy}
        >
          {copied ? t('actions.copied') : label}
        </Button>
      )}
    </CopyButton>
  );
}

/** An icon that copies `value`, named `label` (its tooltip and accessible name). */
export function CopyIconButton({
  value,
  label,
  iconSize = 16,
  tooltip,
  color,
  ...props
}: ActionIconProps & {
  value: string;
  label: string;
  iconSize?: number;
  tooltip?: Partial<Omit<TooltipProps, 'label' | 'children'>>;
}) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? t('actions.copied') : label} {...tooltip}>
          <ActionIcon {...props} color={copied ? 'teal' : color} aria-label={label} onClick={copy}>
            {copied ? <IconCheck size={iconSize} /> : <IconCopy size={iconSize} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}
