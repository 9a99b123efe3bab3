import { Button, Card, Group, Skeleton, Stack, Switch, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { type ConsentChoice, nextChoice } from '../../app/analytics/consent.ts';
import { analyticsConfigQuery, useSaveConsent } from '../../app/analytics/queries.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { collectPages, downloadJson, usageExportDocument, usageExportFileName } from './usage-export.ts';

/**
 * « Données d'usage »: my two switches (replay only with analytics), applied at once (the shell follows the saved
 * config: posthog-js stops or starts, the recorder too), the export of my events as a JSON file and their erasure.
 */
export function UsageDataCard() {
  const { t } = useTranslation('profile');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const config = useQuery(analyticsConfigQuery(user.id));
  const save = useSaveConsent('profile');
  const consent = config.data?.consent;
  const current: ConsentChoice = { analytics: consent?.analytics ?? false, replay: consent?.replay ?? false };
  // While a change is saved, the switches show it.
  const shown = save.isPending && save.variables ? save.variables : current;

  const change = (part: Partial<ConsentChoice>) =>
    save.mutate(nextChoice(current, part), {
      onSuccess: () => notifications.show({ color: 'teal', message: t('usage.saved') }),
    });

  const exportAll = useMutation({
    meta: { errorToast: false },
    mutationFn: async () => {
      const collected = await collectPages(async (cursor) =>
        data(await api.GET('/api/v1/analytics/me/events/export', { params: { query: { cursor, limit: 1000 } } })),
      );
      const now = new Date();
      downloadJson(usageExportFileName(now), usageExportDocument(collected, now));
      return collected.events.length;
    },
    onSuccess: (count) => notifications.show({ color: 'teal', message: t('usage.exported', { count }) }),
  });

  const erase = useMutation({
    meta: { errorToast: false },
    mutationFn: async () => data(await api.DELETE('/api/v1/analytics/me/events')),
  });

  const confirmErase = () =>
    modals.openConfirmModal({
      title: t('usage.eraseTitle'),
      children: <Text size="sm">{t('usage.eraseBody')}</Text>,
      labels: { confirm: t('usage.eraseConfirm'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red', 'data-testid': 'usage-erase-confirm' },
      onConfirm: () => erase.mutate(),
    });

  return (
    <Card withBorder padding="lg" data-testid="usage-data-card">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {t('usage.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('usage.help')}
          </Text>
        </div>
        {config.isPending ? (
          <Skeleton h={60} />
        ) : config.data && !config.data.enabled ? (
          <Text size="sm">{t('usage.disabled')}</Text>
        ) : (
          <>
            {config.data?.askConsent && (
              <Text size="sm" c="dimmed">
                {t('usage.notAsked')}
              </Text>
            )}
            <Switch
              label={t('usage.analytics')}
              description={t('usage.analyticsHelp')}
              checked={shown.analytics}
              disabled={save.isPending}
              onChange={(e) => change({ analytics: e.currentTarget.checked })}
            />
            {shown.analytics && (
              <Switch
                label={t('usage.replay')}
                description={t('usage.replayHelp')}
                checked={shown.replay}
                disabled={save.isPending}
                onChange={(e) => change({ replay: e.currentTarget.checked })}
              />
            )}
          </>
        )}
        <ProblemAlert error={config.error ?? save.error} />
        <ProblemAlert error={exportAll.error ?? erase.error} />
        {erase.data && (
          <Text size="sm" role="status" data-testid="usage-erased">
            {t('usage.erased', {
              events: t('usage.erasedEvents', { count: erase.data.events }),
              recordings: t('usage.erasedRecordings', { count: erase.data.recordings }),
            })}
          </Text>
        )}
        <Group gap="sm" wrap="wrap">
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            loading={exportAll.isPending}
            onClick={() => exportAll.mutate()}
          >
            {t('usage.export')}
          </Button>
          <Button
            variant="default"
            color="red"
            leftSection={<IconTrash size={16} />}
            loading={erase.isPending}
            onClick={confirmErase}
          >
            {t('usage.erase')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
