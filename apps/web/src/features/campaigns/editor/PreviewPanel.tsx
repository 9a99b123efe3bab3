import {
  Alert,
  Anchor,
  Box,
  Button,
  Card,
  Code,
  Group,
  Loader,
  SegmentedControl,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDeviceDesktop, IconDeviceMobile, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../../../api/client.ts';
import { hasRole, useCurrentUser } from '../../../app/auth.tsx';
import { RecordPicker } from '../../../records/RecordPicker.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { isBlankBody, previewRequest, type TemplateValues, testRequest } from '../draft.ts';
import { marketingSettingsQuery, type PreviewRequest, previewQuery } from '../queries.ts';

/** How long typing pauses before the preview follows. */
export const PREVIEW_DEBOUNCE_MS = 500;

type Width = 'desktop' | 'mobile';
const FRAME_WIDTH: Record<Width, number | string> = { desktop: '100%', mobile: 375 };

/**
 * The draft as its recipient gets it, rendered by the server (POST /email-templates/preview) a moment after each
 * change: the inbox line (sender, subject, preheader), the HTML mail in a sandboxed frame (no script, no form, no
 * navigation: `sandbox=""`) at desktop or phone width, and the plain-text part. For sample values, or for one of the
 * user's contacts with their real values. « M'envoyer un test » sends the draft to the user's own address.
 */
export function PreviewPanel({
  values,
  templateId,
  canTest,
}: {
  values: TemplateValues;
  /** The saved template (its test is audited against it); null while new. */
  templateId: string | null;
  canTest: boolean;
}) {
  const { t } = useTranslation('campaigns');
  const user = useCurrentUser();
  const [personId, setPersonId] = useState<string | null>(null);
  const [width, setWidth] = useState<Width>('desktop');
  const [tab, setTab] = useState<string | null>('html');

  const request = JSON.stringify(previewRequest(values, personId, t('preview.noSubject')));
  const [debounced] = useDebouncedValue(request, PREVIEW_DEBOUNCE_MS);
  const body = useMemo(() => JSON.parse(debounced) as PreviewRequest, [debounced]);
  const preview = useQuery(previewQuery(body));
  const settings = useQuery(marketingSettingsQuery);
  const footerMissing = settings.data && !(settings.data.companyName && settings.data.postalAddress);

  const test = useMutation({
    mutationFn: async () => {
      const draft = testRequest(values, personId);
      return templateId
        ? data(
            await api.POST('/api/v1/email-templates/{id}/test', { params: { path: { id: templateId } }, body: draft }),
          )
        : data(await api.POST('/api/v1/email-templates/test', { body: draft }));
    },
    onSuccess: (r) =>
      notifications.show({
        color: 'teal',
        title: t('preview.testSent', { to: r.to }),
        message: t('preview.testSentHint'),
      }),
  });
  const testBlocked = !values.subject.trim() || isBlankBody(values.bodyHtml);

  const shown = preview.data;
  const updating = preview.isFetching || request !== debounced;
  return (
    <Card withBorder component="section" aria-labelledby="preview-title" data-testid="preview-panel">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4" id="preview-title">
            {t('preview.title')}
          </Title>
          <Group gap={6} wrap="nowrap" aria-live="polite">
            {updating && (
              <>
                <Loader size={14} />
                <Text size="xs" c="dimmed">
                  {t('preview.loading')}
                </Text>
              </>
            )}
          </Group>
        </Group>

        <RecordPicker
          entity="person"
          label={t('preview.contact')}
          description={t('preview.contactHint')}
          placeholder={t('preview.contactPlaceholder')}
          value={personId}
          onChange={(id) => setPersonId(id)}
          data-testid="preview-contact"
        />

        {preview.isError ? (
          <ProblemAlert error={preview.error} title={t('preview.failed')} />
        ) : (
          <Card withBorder padding="sm" bg="var(--mantine-color-default-hover)" aria-label={t('preview.inbox')}>
            {shown ? (
              <Stack gap={2} miw={0}>
                <Text size="sm" fw={700} lineClamp={1} data-testid="preview-from">
                  {settings.data?.fromName || user.name}
                </Text>
                <Text size="sm" fw={600} lineClamp={1} data-testid="preview-subject">
                  {shown.subject}
                </Text>
                <Text size="sm" c="dimmed" lineClamp={1} data-testid="preview-preheader">
                  {shown.preheader || '\u00a0'}
                </Text>
              </Stack>
            ) : (
              <Stack gap={6}>
                <Skeleton h={14} w="40%" />
                <Skeleton h={14} w="80%" />
                <Skeleton h={14} w="60%" />
              </Stack>
            )}
          </Card>
        )}

        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Group justify="space-between" wrap="wrap" gap="xs" mb="xs">
            <Tabs.List>
              <Tabs.Tab value="html">{t('preview.html')}</Tabs.Tab>
              <Tabs.Tab value="text">{t('preview.text')}</Tabs.Tab>
            </Tabs.List>
            {tab === 'html' && (
              <SegmentedControl
                size="xs"
                aria-label={t('preview.width')}
                value={width}
                onChange={(v) => setWidth(v as Width)}
                data={[
                  {
                    value: 'desktop',
                    label: (
                      <Group gap={4} wrap="nowrap">
                        <IconDeviceDesktop size={14} aria-hidden />
                        {t('preview.desktop')}
                      </Group>
                    ),
                  },
                  {
                    value: 'mobile',
                    label: (
                      <Group gap={4} wrap="nowrap">
                        <IconDeviceMobile size={14} aria-hidden />
                        {t('preview.mobile')}
                      </Group>
                    ),
                  },
                ]}
              />
            )}
          </Group>
          <Tabs.Panel value="html">
            <Box bg="gray.1" p={{ base: 0, sm: 'xs' }} style={{ borderRadius: 'var(--mantine-radius-sm)' }}>
              {shown ? (
                <iframe
                  title={t('preview.frame')}
                  sandbox=""
                  srcDoc={shown.html}
                  data-testid="preview-frame"
                  style={{
                    display: 'block',
                    width: FRAME_WIDTH[width],
                    maxWidth: '100%',
                    height: 620,
                    margin: '0 auto',
                    border: 0,
                    background: '#f1f3f5',
                    opacity: preview.isPlaceholderData ? 0.7 : 1,
                  }}
                />
              ) : (
                <Skeleton h={620} />
              )}
            </Box>
          </Tabs.Panel>
          <Tabs.Panel value="text">
            <Text size="xs" c="dimmed" mb={6}>
              {t('preview.textHint')}
            </Text>
            {/* Scrolls when long: focusable, so the keyboard scrolls it too. */}
            <Code
              block
              data-testid="preview-text"
              role="region"
              aria-label={t('preview.textRegion')}
              tabIndex={0}
              style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: 620, overflowY: 'auto' }}
            >
              {shown?.text ?? ''}
            </Code>
          </Tabs.Panel>
        </Tabs>

        {footerMissing && (
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />} data-testid="footer-missing">
            {t('preview.footerMissing')}{' '}
            {hasRole(user, 'admin') && (
              <Anchor component={Link} to="/admin/mail" size="sm">
                {t('preview.footerMissingAdmin')}
              </Anchor>
            )}
          </Alert>
        )}

        {canTest && (
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text size="xs" c="dimmed" maw={320}>
              {t('preview.sendTestHint')}
            </Text>
            <Tooltip label={t('preview.sendTestDisabled')} disabled={!testBlocked}>
              <Button
                variant="light"
                leftSection={<IconSend size={16} />}
                loading={test.isPending}
                data-disabled={testBlocked || undefined}
                aria-disabled={testBlocked || undefined}
                onClick={(e) => {
                  if (testBlocked) e.preventDefault();
                  else test.mutate();
                }}
              >
                {t('preview.sendTest')}
              </Button>
            </Tooltip>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
