import { ActionIcon, Code, Menu, Text, TextInput, type TextInputProps } from '@mantine/core';
import { IconBraces } from '@tabler/icons-react';
import { type ReactElement, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { dynamicKey } from '../../../app/i18n-types.ts';
import type { TemplateVariable } from '../queries.ts';
import { groupVariables, insertAt, isLinkVariable, variableToken } from '../variables.ts';

/** A variable's name in words (« Prénom du contact »), and the words of the link an address variable inserts. */
export function useVariableLabels() {
  const { t } = useTranslation('campaigns');
  return {
    label: (name: string) => t(dynamicKey(`variables.${name}`), { defaultValue: name }) as string,
    linkText: (name: string) => t(dynamicKey(`variables.linkText.${name}`), { defaultValue: name }) as string,
  };
}

/**
 * The variables a template may use (the server's list), by group, each with its name in words, its Liquid and a
 * sample value; `links: false` leaves out the addresses (a subject has no link).
 */
export function VariableMenu({
  variables,
  onPick,
  target,
  links = true,
}: {
  variables: readonly TemplateVariable[];
  onPick: (name: string) => void;
  target: ReactElement;
  links?: boolean;
}) {
  const { t } = useTranslation('campaigns');
  const { label } = useVariableLabels();
  const groups = groupVariables(variables.filter((v) => links || !isLinkVariable(v.name)));
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={300}>
      <Menu.Target>{target}</Menu.Target>
      <Menu.Dropdown mah={380} style={{ overflowY: 'auto' }} data-testid="variable-menu">
        {groups.map(({ group, items }) => (
          <div key={group}>
            <Menu.Label>{t(`variables.groups.${group}`)}</Menu.Label>
            {items.map((v) => (
              <Menu.Item key={v.name} onClick={() => onPick(v.name)}>
                <Text size="sm">{label(v.name)}</Text>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  <Code fz="xs">{variableToken(v.name)}</Code>
                  {isLinkVariable(v.name) ? null : ` · ${t('variables.example', { sample: v.sample })}`}
                </Text>
              </Menu.Item>
            ))}
          </div>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * A one-line text with variables (a subject, a preheader): the variables menu at its right inserts at the caret
 * (or over the selection), then the caret goes after the variable.
 */
export function VariableTextInput({
  variables,
  value,
  onChange,
  readOnly,
  ...props
}: Omit<TextInputProps, 'value' | 'onChange'> & {
  variables: readonly TemplateVariable[];
  value: string;
  onChange: (value: string) => void;
  label: string;
}) {
  const { t } = useTranslation('campaigns');
  const ref = useRef<HTMLInputElement>(null);
  const pick = (name: string) => {
    const el = ref.current;
    const next = insertAt(value, el?.selectionStart, el?.selectionEnd, variableToken(name));
    onChange(next.value);
    // After React has put the new value in the field.
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };
  return (
    <TextInput
      {...props}
      ref={ref}
      value={value}
      readOnly={readOnly}
      onChange={(e) => onChange(e.currentTarget.value)}
      rightSectionPointerEvents="all"
      rightSection={
        readOnly ? undefined : (
          <VariableMenu
            variables={variables}
            links={false}
            onPick={pick}
            target={
              <ActionIcon variant="subtle" aria-label={t('variables.insertInto', { field: props.label })}>
                <IconBraces size={18} />
              </ActionIcon>
            }
          />
        )
      }
    />
  );
}
