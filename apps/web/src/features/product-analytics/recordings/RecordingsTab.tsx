import { Anchor, Group, Modal, Skeleton, Stack, Text } from '@mantine/core';
import { IconPlayerPlay, IconVideo } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/format.ts';
import { intlLocale } from '../../../app/i18n.ts';
import { EmptyState } from '../../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../../ui/SimpleTable.tsx';
import { durationText } from '../labels.ts';
import type { Period } from '../period.ts';
import { type RecordingSummary, recordingQuery, recordingsQuery } from '../queries.ts';

/** rrweb and its player: a chunk of their own, fetched when a recording is opened. */
const ReplayPlayer = lazy(() => import('./ReplayPlayer.tsx'));

/** The sessions with a replay that started in the period, newest first, page by page; one plays in a modal. */
export function RecordingsTab({ period }: { period: Period }) {
  const { t, i18n } = useTranslation('product-analytics');
  const fmt = useFormat();
  const locale = intlLocale(i18n.language);
  const list = useInfiniteQuery(recordingsQuery(period));
  const rows = list.data?.pages.flatMap((p) => p.items);
  const total = list.data?.pages[0]?.total ?? 0;
  const [playing, setPlaying] = useState<RecordingSummary | null>(null);
  const name = (r: RecordingSummary) => r.userName ?? t('recordings.anonymous');

  return (
    <Stack gap="md">
      {list.error && <ProblemAlert error={list.error} />}
      <SimpleTable
        minWidth={820}
        rows={rows}
        pending={list.isPending}
        rowKey={(r) => r.sessionId}
        rowTestId="recording-row"
        empty={
          <EmptyState icon={<IconVideo size={26} />} title={t('recordings.empty')} hint={t('recordings.emptyHint')} />
        }
        pager={{
          hasMore: list.hasNextPage,
          loading: list.isFetchingNextPage,
          onMore: () => void list.fetchNextPage(),
          label: t('recordings.more'),
          end: t('recordings.end'),
          status: t('recordings.total', { count: total }),
        }}
        columns={[
          { key: 'user', header: t('recordings.user'), render: name },
          { key: 'started', header: t('recordings.started'), nowrap: true, render: (r) => fmt.dateTime(r.startedAt) },
          {
            key: 'duration',
            header: t('recordings.duration'),
            align: 'right',
            nowrap: true,
            render: (r) => durationText(t, locale, r.durationSeconds),
          },
          { key: 'views', header: t('recordings.pageViews'), align: 'right', render: (r) => fmt.number(r.pageViews) },
          {
            key: 'pages',
            header: t('recordings.pages'),
            render: (r) => (
              <Text size="xs" ff="monospace" lineClamp={2}>
                {r.pages.join(' → ')}
              </Text>
            ),
          },
          {
            key: 'play',
            header: t('recordings.play'),
            hidden: true,
            render: (r) => (
              <Anchor
                component="button"
                type="button"
                size="sm"
                aria-label={t('recordings.playFor', { name: name(r), date: fmt.dateTime(r.startedAt) })}
                onClick={() => setPlaying(r)}
              >
                <Group gap={4} wrap="nowrap">
                  <IconPlayerPlay size={16} />
                  {t('recordings.play')}
                </Group>
              </Anchor>
            ),
          },
        ]}
      />
      <Modal
        opened={playing !== null}
        onClose={() => setPlaying(null)}
        size="80rem"
        title={playing ? t('recordings.playFor', { name: name(playing), date: fmt.dateTime(playing.startedAt) }) : ''}
      >
        {playing && <Recording sessionId={playing.sessionId} />}
      </Modal>
    </Stack>
  );
}

function Recording({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation('product-analytics');
  const recording = useQuery(recordingQuery(sessionId));
  if (recording.error) return <ProblemAlert error={recording.error} />;
  if (!recording.data) return <Skeleton height={360} />;
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">
        {t('recordings.masked')}
      </Text>
      <Suspense fallback={<Skeleton height={360} />}>
        <ReplayPlayer events={recording.data.events} />
      </Suspense>
    </Stack>
  );
}
