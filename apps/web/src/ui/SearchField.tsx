import { CloseButton, TextInput, type TextInputProps } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';

/** A list's search box: a magnifier, and a button that clears what was typed (its accessible name `clearLabel`). */
export function SearchField({
  value,
  onChange,
  label,
  clearLabel,
  ...rest
}: Omit<TextInputProps, 'value' | 'onChange'> & {
  value: string;
  onChange: (value: string) => void;
  label: string;
  clearLabel: string;
}) {
  return (
    <TextInput
      {...rest}
      aria-label={label}
      leftSection={<IconSearch size={16} />}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      rightSection={value ? <CloseButton aria-label={clearLabel} onClick={() => onChange('')} /> : null}
    />
  );
}
