import { ActionIcon, Button, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { evenShares, type VariantDraft, variantsProblem, variantsSum } from './variants.ts';

const MAX_VARIANTS = 10;

/** The arms of an experiment: keys and shares, the sum shown as it is typed. */
export function VariantsEditor({
  variants,
  onChange,
}: {
  variants: VariantDraft[];
  onChange: (variants: VariantDraft[]) => void;
}) {
  const { t } = useTranslation('product-analytics');
  const problem = variantsProblem(variants);
  const set = (i: number, patch: Partial<VariantDraft>) =>
    onChange(variants.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const resize = (next: VariantDraft[]) => {
    const shares = evenShares(next.length);
    onChange(next.map((v, i) => ({ ...v, rolloutPercent: shares[i] ?? 0 })));
  };
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">
        {t('flags.variantsHint')}
      </Text>
      {variants.map((v, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a variant is its place (the first is the control)
        <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label={t('flags.variantKey', { n: i + 1 })}
            value={v.key}
            onChange={(e) => set(i, { key: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <NumberInput
            label={t('flags.variantPercent', { n: i + 1 })}
            value={v.rolloutPercent}
            min={0}
            max={100}
            w={140}
            onChange={(n) => set(i, { rolloutPercent: typeof n === 'number' ? n : 0 })}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={t('flags.removeVariant', { n: i + 1 })}
            disabled={variants.length <= 2}
            onClick={() => resize(variants.filter((_, j) => j !== i))}
          >
            <IconTrash size={18} />
          </ActionIcon>
        </Group>
      ))}
      {problem && (
        <Text size="sm" c="red" role="alert">
          {problem === 'sum'
            ? t('flags.variantsSum', { sum: variantsSum(variants) })
            : problem === 'duplicate'
              ? t('flags.variantDuplicate')
              : t('flags.variantKeyInvalid')}
        </Text>
      )}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={16} />}
          disabled={variants.length >= MAX_VARIANTS}
          onClick={() => resize([...variants, { key: `variant-${variants.length}`, rolloutPercent: 0 }])}
        >
          {t('flags.addVariant')}
        </Button>
      </Group>
    </Stack>
  );
}
