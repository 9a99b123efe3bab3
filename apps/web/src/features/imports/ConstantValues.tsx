import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client.ts';

type Field = Schemas['ImportUpload']['fields'][number];

/**
 * Values for every row (category "SDG", source "Registre AMF"): a field no column feeds, and its value. The server
 * checks each like a cell of a mapped column (400 on `body.constants.<field>`).
 */
export function ConstantValues({
  fields,
  mapped,
  value,
  onChange,
  lang,
}: {
  fields: Field[];
  /** Fields a column already feeds (lists and notes may take both). */
  mapped: Set<string>;
  value: Record<string, string>;
  onChange: (next: Record<string, string>) => void;
  lang: 'fr' | 'en';
}) {
  const { t } = useTranslation('imports');
  const entries = Object.entries(value);
  const free = fields.filter(
    (f) => !(f.name in value) && (!mapped.has(f.name) || f.kind === 'list' || f.name === 'notes'),
  );
  const set = (field: string, v: string) => onChange({ ...value, [field]: v });
  const rename = (from: string, to: string) =>
    onChange(Object.fromEntries(entries.map(([k, v]) => (k === from ? [to, ''] : [k, v]))));
  const remove = (field: string) => onChange(Object.fromEntries(entries.filter(([k]) => k !== field)));
  const labelOf = (f: Field) => f.label[lang];
  return (
    <Stack gap="xs">
      <div>
        <Text size="sm" fw={500}>
          {t('constants.title')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('constants.hint')}
        </Text>
      </div>
      {entries.map(([name, v]) => {
        const field = fields.find((f) => f.name === name);
        const label = field ? labelOf(field) : name;
        return (
          <Group key={name} gap="xs" align="flex-end" wrap="wrap">
            <Select
              label={t('constants.field')}
              data={[{ value: name, label }, ...free.map((f) => ({ value: f.name, label: labelOf(f) }))]}
              value={name}
              onChange={(next) => next && next !== name && rename(name, next)}
              allowDeselect={false}
              searchable
              w={220}
            />
            {field?.options ? (
              <Select
                label={t('constants.value')}
                aria-label={t('constants.valueFor', { field: label })}
                data={field.options.map((o) => ({ value: o.label.fr, label: o.label[lang] }))}
                value={v || null}
                onChange={(next) => set(name, next ?? '')}
                searchable
                w={220}
              />
            ) : (
              <TextInput
                label={t('constants.value')}
                aria-label={t('constants.valueFor', { field: label })}
                value={v}
                onChange={(e) => set(name, e.currentTarget.value)}
                w={220}
              />
            )}
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={t('on', { action: t('constants.remove'), target: label })}
              onClick={() => remove(name)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        );
      })}
      {free.length > 0 && (
        <Group>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => set((free[0] as Field).name, '')}
          >
            {t('constants.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
