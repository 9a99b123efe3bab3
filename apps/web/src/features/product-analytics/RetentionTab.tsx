import { Box, NumberInput, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableScroll } from '../../ui/TableScroll.tsx';
import type { Period } from './period.ts';
import { retentionQuery } from './queries.ts';

/** A cell's background: indigo, darker as the share rises (text stays readable: white from 50 %). */
export function retentionShade(percent: number): { background: string; color: string } {
  const alpha = 0.08 + (Math.min(100, Math.max(0, percent)) / 100) * 0.82;
  return { background: `rgba(54, 79, 199, ${alpha.toFixed(2)})`, color: percent >= 50 ? '#fff' : 'inherit' };
}

/** First-time weekly cohorts and the share of each still active in the following weeks, as a coloured grid. */
export function RetentionTab({ period }: { period: Period }) {
  const { t } = useTranslation('product-analytics');
  const fmt = useFormat();
  const [weeks, setWeeks] = useState(8);
  const retention = useQuery(retentionQuery(period, weeks));
  const cohorts = retention.data?.cohorts ?? [];
  const columns = Array.from({ length: (retention.data?.weeks ?? weeks) + 1 }, (_, i) => i);

  return (
    <Stack gap="md">
      <Box>
        <Text fw={600}>{t('retention.title')}</Text>
        <Text size="sm" c="dimmed">
          {t('retention.hint')}
        </Text>
      </Box>
      <NumberInput
        label={t('retention.weeks')}
        value={weeks}
        min={1}
        max={26}
        w={180}
        onChange={(v) => typeof v === 'number' && v >= 1 && v <= 26 && setWeeks(v)}
      />
      {retention.error && <ProblemAlert error={retention.error} />}
      {retention.data && cohorts.length === 0 ? (
        <EmptyState title={t('retention.empty')} />
      ) : (
        <TableScroll minWidth={160 + columns.length * 64}>
          <Table withTableBorder fz="sm" data-testid="retention-grid">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('retention.cohort')}</Table.Th>
                <Table.Th ta="right">{t('retention.users')}</Table.Th>
                {columns.map((w) => (
                  <Table.Th key={w} ta="center" title={t('retention.weekLabel', { n: w })}>
                    {t('retention.week', { n: w })}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cohorts.map((c) => (
                <Table.Tr key={c.week}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.date(`${c.week}T12:00:00`)}</Table.Td>
                  <Table.Td ta="right">{fmt.number(c.users)}</Table.Td>
                  {columns.map((w) => {
                    const cell = c.retention.find((r) => r.week === w);
                    if (!cell || cell.percent === null || cell.users === null) {
                      return (
                        <Table.Td key={w} ta="center" c="dimmed" aria-label={t('retention.notYet')}>
                          <Tooltip label={t('retention.notYet')}>
                            <span>·</span>
                          </Tooltip>
                        </Table.Td>
                      );
                    }
                    return (
                      <Table.Td
                        key={w}
                        ta="center"
                        style={retentionShade(cell.percent)}
                        title={t('retention.cell', {
                          percent: fmt.percent(cell.percent),
                          users: fmt.number(cell.users),
                        })}
                      >
                        {fmt.percent(cell.percent)}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {cohorts.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('retention.legend')}
        </Text>
      )}
    </Stack>
  );
}
