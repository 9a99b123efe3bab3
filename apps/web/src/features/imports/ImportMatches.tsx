import { Anchor, Group, ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client.ts';

type DryRun = Schemas['ImportDryRun'];
type Planned = DryRun['rows'][number];
type Reported = NonNullable<Schemas['ImportJob']['report']>['rows'][number];
type Match = Planned['match'];
export type ReviewDecision = 'create' | 'merge' | 'skip';
export const DECISIONS: ReviewDecision[] = ['create', 'merge', 'skip'];

/** Where a matched record lives in the app. */
const RECORD_PATH: Record<string, string> = { organisations: '/organisations', people: '/people' };

/** The record (or the earlier row of the file) a row matched: a link to the record when there is one. */
export function MatchLabel({ match, entity }: { match: Match | null; entity: string }) {
  const { t } = useTranslation('imports');
  if (!match) return <>—</>;
  const label = match.row !== undefined ? t('matches.earlierRow', { row: match.row, label: match.label }) : match.label;
  const base = RECORD_PATH[entity];
  return match.id && base ? (
    <Anchor component={Link} to={`${base}/${match.id}`} size="sm">
      {label}
    </Anchor>
  ) : (
    label
  );
}

/** The French (or English) text of a reason code, the server's English message otherwise. */
export function useReason() {
  const { t } = useTranslation('imports');
  return (code: string, message: string) => t(`reasons.${code.replace(/^import\./, '')}`, { defaultValue: message });
}

/**
 * The rows the dry run matched: duplicates (skipped or completed, per the chosen mode) and rows to review, each with a
 * decision of its own or the one for all.
 */
export function PlannedRows({
  rows,
  entity,
  decisions,
  onDecide,
}: {
  rows: Planned[];
  entity: string;
  decisions: Record<string, ReviewDecision | undefined>;
  onDecide: (row: number, decision: ReviewDecision | null) => void;
}) {
  const { t } = useTranslation('imports');
  const reason = useReason();
  const shown = rows.slice(0, 500);
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {t('matches.title')} ({rows.length})
      </Text>
      <ScrollArea.Autosize mah={420} type="auto">
        <Table striped verticalSpacing={4} fz="sm" data-testid="import-matches">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60}>{t('check.row')}</Table.Th>
              <Table.Th>{t('matches.reason')}</Table.Th>
              <Table.Th>{t('matches.match')}</Table.Th>
              <Table.Th w={230}>{t('matches.action')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => (
              <Table.Tr key={r.row}>
                <Table.Td>{r.row}</Table.Td>
                <Table.Td>{reason(r.code, r.message)}</Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    {(r.candidates ?? [r.match]).map((m, i) => (
                      <Group key={`${m.id ?? m.row}`} gap={4} wrap="nowrap">
                        <MatchLabel match={m} entity={entity} />
                        {i === 0 && r.action === 'review' && (r.candidates?.length ?? 0) > 1 && (
                          <Text size="xs" c="dimmed">
                            {t('matches.closest')}
                          </Text>
                        )}
                      </Group>
                    ))}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {r.action === 'review' ? (
                    <Select
                      size="xs"
                      aria-label={t('matches.decisionFor', { row: r.row })}
                      placeholder={t('matches.asForAll')}
                      data={DECISIONS.map((d) => ({ value: d, label: t(`decisions.${d}`) }))}
                      value={decisions[String(r.row)] ?? null}
                      onChange={(v) => onDecide(r.row, (v as ReviewDecision | null) ?? null)}
                      clearable
                    />
                  ) : (
                    <Text size="sm">{t(`planned.${r.action}`)}</Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {rows.length > shown.length && (
        <Text size="xs" c="dimmed">
          {t('matches.truncated', { count: shown.length })}
        </Text>
      )}
    </Stack>
  );
}

/** The rows the run skipped, completed or created after review: the record matched, why, what was filled. */
export function ReportedRows({
  rows,
  entity,
  truncated,
  fieldLabel,
}: {
  rows: Reported[];
  entity: string;
  truncated: boolean;
  fieldLabel: (name: string) => string;
}) {
  const { t } = useTranslation('imports');
  const reason = useReason();
  const shown = rows.slice(0, 500);
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {t('report.matches')} ({rows.length})
      </Text>
      <ScrollArea.Autosize mah={360} type="auto">
        <Table striped verticalSpacing={4} fz="sm" data-testid="import-report-rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60}>{t('check.row')}</Table.Th>
              <Table.Th w={110}>{t('report.outcome')}</Table.Th>
              <Table.Th>{t('matches.reason')}</Table.Th>
              <Table.Th>{t('matches.match')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => (
              <Table.Tr key={r.row}>
                <Table.Td>{r.row}</Table.Td>
                <Table.Td>{t(`outcomes.${r.outcome}`)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{reason(r.code, r.message)}</Text>
                  {r.decision && (
                    <Text size="xs" c="dimmed">
                      {t('report.decided', { decision: t(`decisions.${r.decision}`) })}
                    </Text>
                  )}
                  {r.fields && (
                    <Text size="xs" c="dimmed">
                      {r.fields.length > 0
                        ? t('report.filled', { fields: r.fields.map(fieldLabel).join(', ') })
                        : t('report.nothingNew')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <MatchLabel match={r.match} entity={entity} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {(truncated || rows.length > shown.length) && (
        <Text size="xs" c="dimmed">
          {t('report.matchesTruncated')}
        </Text>
      )}
    </Stack>
  );
}
