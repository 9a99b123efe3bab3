import {
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  MultiSelect,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../app/format.ts';
import { savedViewsQuery } from '../../../records/data-list/queries.ts';
import { EmptyState } from '../../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { type CampaignValues, MAX_EXCLUDED, TOPICS } from '../campaign-form.ts';
import { type AudienceRequest, audienceQuery, type ExclusionReason } from '../queries.ts';

/** The order the server checks the reasons in (docs/CAMPAIGNS.md, "Audiences"): the list reads the same way. */
const REASONS: ExclusionReason[] = [
  'excluded_segment',
  'opted_out',
  'no_address',
  'invalid_address',
  'duplicate_address',
  'unsubscribed',
  'bounced',
  'complained',
  'suppressed_manually',
  'topic_off',
];

/** The audience request of the form's values, or null without a view. */
export function audienceRequest(v: Pick<CampaignValues, 'segmentId' | 'excludeSegmentIds' | 'topic'>) {
  if (!v.segmentId) return null;
  const request: AudienceRequest = {
    segmentId: v.segmentId,
    excludeSegmentIds: v.excludeSegmentIds.filter((id) => id !== v.segmentId),
    topic: v.topic,
  };
  return request;
}

/** Step 1: the name, the topic, the view of contacts and the views left out; beside it, who would receive it. */
export function AudienceStep({ form }: { form: UseFormReturnType<CampaignValues> }) {
  const { t } = useTranslation('campaigns');
  const views = useQuery(savedViewsQuery('people'));
  const values = form.getValues();
  const options = (views.data ?? []).map((v) => ({ value: v.id, label: v.name }));
  return (
    <Grid gap="md" align="flex-start">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Card withBorder>
          <Stack gap="sm">
            <TextInput
              label={t('wizard.name')}
              description={t('wizard.nameHint')}
              placeholder={t('wizard.namePlaceholder')}
              required
              maxLength={160}
              key={form.key('name')}
              {...form.getInputProps('name')}
            />
            <Select
              label={t('wizard.topic')}
              description={t('wizard.topicHint')}
              data={TOPICS.map((x) => ({ value: x, label: t(`topics.${x}`) }))}
              allowDeselect={false}
              key={form.key('topic')}
              {...form.getInputProps('topic')}
            />
            <ProblemAlert error={views.error} />
            {views.isSuccess && options.length === 0 ? (
              <Card withBorder bg="var(--mantine-color-default-hover)">
                <EmptyState
                  icon={<IconUsers size={26} />}
                  title={t('wizard.noViews')}
                  action={
                    <Button component={Link} to="/people" variant="light">
                      {t('wizard.openPeople')}
                    </Button>
                  }
                />
              </Card>
            ) : (
              <>
                <Select
                  label={t('wizard.segment')}
                  description={t('wizard.segmentHint')}
                  placeholder={t('wizard.segmentPlaceholder')}
                  data={options}
                  searchable
                  required
                  disabled={views.isPending}
                  key={form.key('segmentId')}
                  {...form.getInputProps('segmentId')}
                />
                <MultiSelect
                  label={t('wizard.exclude')}
                  description={t('wizard.excludeHint')}
                  placeholder={values.excludeSegmentIds.length ? undefined : t('wizard.excludePlaceholder')}
                  data={options.filter((o) => o.value !== values.segmentId)}
                  maxValues={MAX_EXCLUDED}
                  searchable
                  clearable
                  disabled={views.isPending}
                  key={form.key('excludeSegmentIds')}
                  {...form.getInputProps('excludeSegmentIds')}
                />
              </>
            )}
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <AudiencePanel request={audienceRequest(values)} />
      </Grid.Col>
    </Grid>
  );
}

/** Who would receive the campaign, live: the count, those left out by reason, the first recipients. */
export function AudiencePanel({ request, compact }: { request: AudienceRequest | null; compact?: boolean }) {
  const { t } = useTranslation('campaigns');
  const fmt = useFormat();
  const [debounced] = useDebouncedValue(request, 300);
  const audience = useQuery(audienceQuery(debounced));
  const counts = audience.data?.counts;
  const excluded = REASONS.filter((r) => (counts?.excluded[r] ?? 0) > 0);
  return (
    <Card withBorder component="section" aria-labelledby="audience-title" data-testid="audience-panel">
      <Group justify="space-between" wrap="nowrap">
        <Title order={3} size="h5" id="audience-title">
          {t('audience.title')}
        </Title>
        {audience.isFetching && <Loader size="xs" aria-label={t('audience.updating')} />}
      </Group>
      {!request ? (
        <Text size="sm" c="dimmed" mt="xs">
          {t('audience.pickView')}
        </Text>
      ) : audience.error ? (
        <ProblemAlert error={audience.error} />
      ) : !counts ? (
        <Skeleton height={48} mt="xs" />
      ) : (
        <Stack gap="sm" mt="xs">
          <div>
            <Text fz={28} fw={700} lh={1.2} data-testid="audience-count">
              {t('audience.sendable', { count: counts.sendable })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('audience.ofTotal', { count: counts.total })}
            </Text>
          </div>
          <div>
            <Text size="sm" fw={600}>
              {t('audience.excluded')}
            </Text>
            {excluded.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('audience.noneExcluded')}
              </Text>
            ) : (
              <Stack gap={2} data-testid="audience-excluded">
                {excluded.map((r) => (
                  <Group key={r} gap="xs" wrap="nowrap" justify="space-between">
                    <Text size="sm">{t(`exclusions.${r}`)}</Text>
                    <Text size="sm" fw={600}>
                      {fmt.number(counts.excluded[r] ?? 0)}
                    </Text>
                  </Group>
                ))}
              </Stack>
            )}
          </div>
          {!compact && (
            <div>
              <Text size="sm" fw={600}>
                {t('audience.sample')}
              </Text>
              {audience.data?.sample.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('audience.sampleEmpty')}
                </Text>
              ) : (
                <Stack gap={2} data-testid="audience-sample">
                  {audience.data?.sample.map((p) => (
                    <Group key={p.personId} gap="xs" wrap="nowrap" miw={0}>
                      <Anchor component={Link} to={`/people/${p.personId}`} size="sm" style={{ flexShrink: 0 }}>
                        {`${p.firstName} ${p.lastName}`.trim()}
                      </Anchor>
                      <Text size="xs" c="dimmed" truncate>
                        {p.address}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              )}
            </div>
          )}
        </Stack>
      )}
    </Card>
  );
}
