import { Anchor, Badge, Card, Grid, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/format.ts';
import { fromParisWall } from '../../../app/paris-time.ts';
import { savedViewsQuery } from '../../../records/data-list/queries.ts';
import type { CampaignValues } from '../campaign-form.ts';
import { marketingSettingsQuery } from '../queries.ts';
import { AudiencePanel, audienceRequest } from './AudienceStep.tsx';

/** Step 4: everything on one page, each part with a link back to its step. */
export function ReviewStep({ values, goTo }: { values: CampaignValues; goTo: (step: number) => void }) {
  const { t } = useTranslation('campaigns');
  const fmt = useFormat();
  const views = useQuery(savedViewsQuery('people'));
  const settings = useQuery(marketingSettingsQuery);
  const viewName = (id: string | null) => views.data?.find((v) => v.id === id)?.name ?? '—';
  const excluded = values.excludeSegmentIds.filter((id) => id !== values.segmentId);
  const w = values.sendWindow;
  const whenText =
    values.scheduleKind === 'now'
      ? t('review.nowText')
      : values.scheduleKind === 'at'
        ? t('review.atText', { date: fmt.dateTime(fromParisWall(values.scheduleAt)) })
        : t('review.localText', {
            date: values.scheduleAt
              ? `${fmt.date(values.scheduleAt.slice(0, 10))} ${values.scheduleAt.slice(11, 16)}`
              : '—',
          });
  return (
    <Grid gap="md" align="flex-start" data-testid="review">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="md">
          <Part title={t('review.audience')} onEdit={() => goTo(0)}>
            <Rows>
              <Row label={t('review.name')}>{values.name}</Row>
              <Row label={t('review.topic')}>{t(`topics.${values.topic}`)}</Row>
              <Row label={t('review.view')}>{viewName(values.segmentId)}</Row>
              <Row label={t('review.excluded')}>
                {excluded.length ? excluded.map(viewName).join(', ') : t('review.none')}
              </Row>
            </Rows>
          </Part>
          <Part title={t('review.content')} onEdit={() => goTo(1)}>
            {values.abOn && (
              <Text size="sm" mb="xs">
                {t('ab.summary', {
                  share: values.abTest.testShare,
                  hours: values.abTest.waitHours,
                  metric: t(`ab.metrics.${values.abTest.metric}`),
                })}
              </Text>
            )}
            <Stack gap="xs">
              {values.steps.map((s, i) => (
                <div key={s.uid}>
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      {t('content.stepTitle', { n: i + 1 })}
                    </Text>
                    <Badge variant="light" color="gray" tt="none">
                      {i === 0 ? t('content.atStart') : t('content.after', { hours: s.delayHours, n: i })}
                    </Badge>
                    {i > 0 && (
                      <Text size="xs" c="dimmed">
                        {t(`conditions.${s.condition}`)}
                      </Text>
                    )}
                  </Group>
                  {s.variants.slice(0, i === 0 && values.abOn ? 2 : 1).map((v, k) => (
                    <Text key={k === 0 ? 'A' : 'B'} size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {i === 0 && values.abOn ? `${k === 0 ? 'A' : 'B'} · ` : ''}
                      {v.subject || t('review.noSubject')}
                    </Text>
                  ))}
                </div>
              ))}
            </Stack>
          </Part>
          <Part title={t('review.sending')} onEdit={() => goTo(2)}>
            <Rows>
              <Row label={t('review.from')}>
                {values.fromName.trim() ||
                  `${settings.data?.fromName || t('sending.fromNameDefault')} (${t('review.defaultValue')})`}
              </Row>
              <Row label={t('review.replyTo')}>
                {values.replyTo.trim() ||
                  (settings.data?.replyTo ? `${settings.data.replyTo} (${t('review.defaultValue')})` : '—')}
              </Row>
              <Row label={t('review.window')}>
                {values.windowOn
                  ? t('review.windowText', {
                      days: [...w.days]
                        .sort((a, b) => a - b)
                        .map((d) => t(`days.${d as 1}`))
                        .join(', '),
                      start: w.start,
                      end: w.end,
                    })
                  : t('review.anyTime')}
              </Row>
              <Row label={t('review.pace')}>{t('review.paceText', { n: fmt.number(values.ratePerMinute) })}</Row>
              <Row label={t('review.when')}>
                <span data-testid="review-when">{whenText}</span>
              </Row>
            </Rows>
          </Part>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <AudiencePanel request={audienceRequest(values)} compact />
      </Grid.Col>
    </Grid>
  );
}

function Part({ title, onEdit, children }: { title: string; onEdit: () => void; children: ReactNode }) {
  const { t } = useTranslation('campaigns');
  return (
    <Card withBorder component="section" aria-label={title}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          {title}
        </Title>
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={onEdit}
          aria-label={`${t('review.edit')} · ${title}`}
        >
          {t('review.edit')}
        </Anchor>
      </Group>
      {children}
    </Card>
  );
}

function Rows({ children }: { children: ReactNode }) {
  return (
    <Table variant="vertical" layout="fixed" withRowBorders={false} verticalSpacing={4}>
      <Table.Tbody>{children}</Table.Tbody>
    </Table>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={{ base: 110, sm: 160 }} fw={500} c="dimmed" fz="sm" style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td fz="sm" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Table.Td>
    </Table.Tr>
  );
}
