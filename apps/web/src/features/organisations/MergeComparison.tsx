import { Anchor, Badge, Group, Paper, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client.ts';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { isEmptyValue as empty } from '../../records/merge-choice.ts';
import { TableScroll } from '../../ui/TableScroll.tsx';
import { useOrganisationOptions } from './options.ts';

type Organisation = Schemas['Organisation'];

/** Fields compared side by side; the API fills the kept record's empty ones (merge.service FILLABLE). */
export const FIELDS = [
  'name',
  'type',
  'category',
  'ownerId',
  'email',
  'phone',
  'website',
  'address',
  'postalCode',
  'city',
  'countryCode',
  'language',
  'aum',
  'aumDate',
  'tier',
  'source',
  'legalBasis',
  'dataSource',
  'notes',
] as const;
export type Field = (typeof FIELDS)[number];
export const FILLABLE = new Set<Field>([
  'email',
  'phone',
  'website',
  'address',
  'postalCode',
  'city',
  'aum',
  'aumDate',
  'tier',
  'notes',
  'source',
  'dataSource',
]);

/** The two organisations side by side, field by field, with the side each field keeps. */
export function Comparison({
  kept,
  dup,
  fromDup,
  choose,
  children,
}: {
  kept: Organisation;
  dup: Organisation;
  /** Whether the kept record ends with the other's value of this field. */
  fromDup: (f: Field) => boolean;
  choose: (f: Field, side: 'kept' | 'dup') => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { userName } = useDirectory();
  const options = useOrganisationOptions();

  const show = (f: Field, o: Organisation): string => {
    const v = o[f];
    if (empty(v)) return '—';
    switch (f) {
      case 'type':
        return tc(`enums.organisationType.${o.type}`);
      case 'ownerId':
        return userName(o.ownerId);
      case 'countryCode':
        return options.countryName(o.countryCode);
      case 'language':
        return options.languageName(o.language);
      case 'aum':
        return fmt.money(o.aum);
      case 'aumDate':
        return fmt.date(o.aumDate);
      case 'tier':
        return `Tier ${o.tier}`;
      case 'source':
        return o.source ? tc(`enums.source.${o.source}`) : '—';
      case 'legalBasis':
        return t(`legalBasis.${o.legalBasis}`);
      default:
        return String(v);
    }
  };
  const label = (f: Field) => t(`fields.${f === 'ownerId' ? 'owner' : f}`);
  /** A column's heading: its part in the merge, the record's name and when it was created (the older is kept). */
  const heading = (part: string, o: Organisation) => (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {part}
      </Text>
      <Anchor component={Link} to={`/organisations/${o.id}`} fw={600} size="sm">
        {o.name}
      </Anchor>
      <Text size="xs" c="dimmed">
        {t('merge.created', { date: fmt.date(o.createdAt) })}
      </Text>
    </Stack>
  );

  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h4" mb={4}>
        {t('merge.compare')}
      </Title>
      <Group gap={6} mb="sm" wrap="nowrap" align="flex-start">
        <IconInfoCircle size={16} aria-hidden style={{ flex: 'none', marginTop: 2 }} />
        <Text size="sm" c="dimmed">
          {t('merge.compareHint')}
        </Text>
      </Group>
      <TableScroll minWidth={560}>
        <Table verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="22%">{t('merge.field')}</Table.Th>
              <Table.Th data-testid="merge-kept">{heading(t('merge.kept'), kept)}</Table.Th>
              <Table.Th data-testid="merge-binned">{heading(t('merge.duplicate'), dup)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {FIELDS.map((f) => {
              const a = kept[f];
              const b = dup[f];
              const differ = JSON.stringify(a) !== JSON.stringify(b);
              // The merge itself fills the kept record's empty FILLABLE fields; the other record's value of any
              // other field is offered (and chosen by default where the kept record has none).
              const filled = empty(a) && !empty(b) && FILLABLE.has(f);
              const choosable = differ && !filled && !empty(b);
              const other = fromDup(f);
              return (
                <Table.Tr key={f}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {label(f)}
                    </Text>
                  </Table.Td>
                  {choosable ? (
                    <>
                      <Table.Td>
                        <Radio
                          name={`merge-${f}`}
                          checked={!other}
                          onChange={() => choose(f, 'kept')}
                          label={show(f, kept)}
                          aria-label={tc('labelled', {
                            label: t('merge.keepThis', { field: label(f) }),
                            value: show(f, kept),
                          })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Radio
                          name={`merge-${f}`}
                          checked={other}
                          onChange={() => choose(f, 'dup')}
                          label={show(f, dup)}
                          aria-label={tc('labelled', {
                            label: t('merge.keepOther', { field: label(f) }),
                            value: show(f, dup),
                          })}
                        />
                      </Table.Td>
                    </>
                  ) : (
                    <>
                      <Table.Td>
                        <Group gap={6}>
                          <Text size="sm" c={empty(a) && !filled ? 'dimmed' : undefined}>
                            {filled ? show(f, dup) : show(f, kept)}
                          </Text>
                          {filled && (
                            <Badge size="xs" variant="light" color="teal">
                              {t('merge.filled')}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {show(f, dup)}
                        </Text>
                      </Table.Td>
                    </>
                  )}
                </Table.Tr>
              );
            })}
            {(['tags', 'strategies'] as const).map((f) => (
              <Table.Tr key={f}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {t(`fields.${f}`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm">{[...new Set([...kept[f], ...dup[f]])].join(', ') || '—'}</Text>
                    {dup[f].some((x) => !kept[f].includes(x)) && (
                      <Badge size="xs" variant="light" color="teal">
                        {t('merge.united')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {dup[f].join(', ') || '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <Stack mt="md">{children}</Stack>
    </Paper>
  );
}
