import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconMailForward, IconPlugConnected, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client.ts';
import { AdminOnly } from '../../app/AdminOnly.tsx';
import { useFormat } from '../../app/format.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import { StatCard } from '../../ui/StatCard.tsx';
import { MarketingSenderCard } from './MarketingSenderCard.tsx';
import { mailKeys, mailMessagesQuery, mailSettingsQuery, marketingSettingsQuery } from './queries.ts';

type Settings = Schemas['MailSettings'];
type Change = Schemas['MailSettingsChangeInput'];
type TestResult = Schemas['MailTestResult'];
type Status = Schemas['MailList']['items'][number]['status'];

const STATUSES: Status[] = ['queued', 'sending', 'sent', 'failed'];
const STATUS_COLOR: Record<Status, string> = { queued: 'gray', sending: 'blue', sent: 'teal', failed: 'red' };

/**
 * `/admin/mail`: the SMTP server (over SMTP_URL), its connection test, DKIM, who campaigns are from (the marketing
 * footer's company name and address), and the outbox (docs/MAIL.md).
 */
export default function MailPage() {
  return (
    <AdminOnly>
      <Mail />
    </AdminOnly>
  );
}

function Mail() {
  const { t } = useTranslation('admin');
  const settings = useQuery(mailSettingsQuery);
  const marketing = useQuery(marketingSettingsQuery);
  return (
    <>
      <PageHeader title={t('mail.title')} subtitle={t('mail.subtitle')} />
      <Stack gap="lg">
        <ProblemAlert error={settings.error} />
        {settings.data && <ServerCard settings={settings.data} />}
        <ProblemAlert error={marketing.error} />
        {marketing.data && <MarketingSenderCard settings={marketing.data} />}
        <OutboxCard counts={settings.data?.counts} />
      </Stack>
    </>
  );
}

interface Values {
  host: string;
  port: number | '';
  security: Change['security'];
  username: string;
  password: string;
  from: string;
}

/** The form's values for the saved settings (the password is never sent back: empty, "unchanged"). */
const valuesOf = (settings: Settings): Values => ({
  host: settings.host ?? '',
  port: settings.port ?? 587,
  security: settings.security ?? 'starttls',
  username: settings.username ?? '',
  password: '',
  from: settings.from,
});

function ServerCard({ settings }: { settings: Settings }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<TestResult | null>(null);
  const [testTo, setTestTo] = useState('');
  const form = useForm<Values>({
    initialValues: valuesOf(settings),
    validate: {
      host: (v) => (/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/.test(v.trim()) ? null : t('mail.form.hostInvalid')),
      port: (v) => (typeof v === 'number' && v >= 1 && v <= 65_535 ? null : t('mail.form.portInvalid')),
      from: (v) => (/@/.test(v) ? null : t('mail.form.fromInvalid')),
    },
  });
  // The form follows the saved settings (after a save or a reset to SMTP_URL).
  const { setValues, resetDirty } = form;
  useEffect(() => {
    setValues(valuesOf(settings));
    resetDirty();
  }, [settings, setValues, resetDirty]);

  const change = (v: Values): Change => ({
    host: v.host.trim(),
    port: Number(v.port),
    security: v.security,
    username: v.username.trim() || null,
    // Left empty: the saved password stays (the API keeps it when the field is absent).
    ...(v.password ? { password: v.password } : {}),
    from: v.from.trim(),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: mailKeys.all });

  const save = useMutation({
    mutationFn: async (v: Values) => data(await api.PUT('/api/v1/mail/settings', { body: change(v) })),
    onSuccess: () => {
      refresh();
      notifications.show({ color: 'teal', message: t('mail.saved') });
    },
  });
  const reset = useMutation({
    mutationFn: async () => data(await api.DELETE('/api/v1/mail/settings')),
    onSuccess: () => {
      refresh();
      setResult(null);
      notifications.show({ color: 'teal', message: t('mail.reset') });
    },
  });
  const test = useMutation({
    mutationFn: async (opts: { withForm: boolean; sendTo?: string }) =>
      data(
        await api.POST('/api/v1/mail/settings/test', {
          body: {
            ...(opts.withForm ? { settings: change(form.getValues()) } : {}),
            ...(opts.sendTo ? { sendTo: opts.sendTo } : {}),
          },
        }),
      ),
    onSuccess: (r, opts) => {
      setResult(r);
      if (r.ok && opts.sendTo) {
        refresh();
        notifications.show({ color: 'teal', message: t('mail.testQueued', { to: opts.sendTo }) });
      }
    },
  });

  const sourceText = t(`mail.source.${settings.source}`);
  return (
    <Card withBorder component="section" aria-labelledby="mail-server-title" data-testid="mail-server">
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Title order={2} size="h3" id="mail-server-title">
          {t('mail.server')}
        </Title>
        <Group gap="xs">
          <Badge
            variant="light"
            color={settings.source === 'none' ? 'orange' : 'indigo'}
            tt="none"
            data-testid="mail-source"
          >
            {sourceText}
          </Badge>
          <Badge variant="light" color={settings.dkim.enabled ? 'teal' : 'gray'} tt="none">
            {settings.dkim.enabled
              ? t('mail.dkimOn', { domain: settings.dkim.domain, selector: settings.dkim.selector })
              : t('mail.dkimOff')}
          </Badge>
        </Group>
      </Group>
      {settings.source === 'none' && (
        <Alert color="orange" mb="md">
          {t('mail.noServer')}
        </Alert>
      )}
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label={t('mail.form.host')} required {...form.getInputProps('host')} />
            <NumberInput label={t('mail.form.port')} required min={1} max={65_535} {...form.getInputProps('port')} />
            <Select
              label={t('mail.form.security')}
              data={(['starttls', 'tls', 'none'] as const).map((s) => ({ value: s, label: t(`mail.security.${s}`) }))}
              allowDeselect={false}
              {...form.getInputProps('security')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label={t('mail.form.username')} autoComplete="off" {...form.getInputProps('username')} />
            <PasswordField
              label={t('mail.form.password')}
              autoComplete="new-password"
              placeholder={
                settings.hasPassword && settings.source === 'settings' ? t('mail.form.passwordKept') : undefined
              }
              {...form.getInputProps('password')}
            />
            <TextInput
              label={t('mail.form.from')}
              description={t('mail.form.fromHint')}
              required
              {...form.getInputProps('from')}
            />
          </SimpleGrid>
          <ProblemAlert error={save.error ?? reset.error ?? test.error} />
          {result && (
            <Alert
              color={result.ok ? 'teal' : 'red'}
              icon={result.ok ? <IconCheck size={18} /> : <IconX size={18} />}
              data-testid="mail-test-result"
            >
              {result.ok ? t('mail.testOk') : t(`mail.testCodes.${result.code ?? 'mail.smtp_error'}`)}
              {result.detail && (
                <Text size="xs" c="dimmed" mt={4}>
                  {result.detail}
                </Text>
              )}
            </Alert>
          )}
          <Group justify="space-between" wrap="wrap">
            <Group gap="xs">
              <Button
                variant="default"
                leftSection={<IconPlugConnected size={16} />}
                loading={test.isPending && !test.variables?.sendTo}
                onClick={() => {
                  if (!form.validate().hasErrors) test.mutate({ withForm: true });
                }}
              >
                {t('mail.test')}
              </Button>
              {settings.source === 'settings' && (
                <Button variant="subtle" color="red" loading={reset.isPending} onClick={() => reset.mutate()}>
                  {t('mail.useEnvironment')}
                </Button>
              )}
            </Group>
            <Button type="submit" loading={save.isPending}>
              {tc('actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Group mt="lg" align="flex-end" wrap="wrap" gap="xs">
        <TextInput
          label={t('mail.sendTest')}
          placeholder={t('mail.sendTestPlaceholder')}
          type="email"
          value={testTo}
          onChange={(e) => setTestTo(e.currentTarget.value)}
          w={320}
        />
        <Button
          variant="light"
          leftSection={<IconMailForward size={16} />}
          disabled={!/^\S+@\S+\.\S+$/.test(testTo.trim()) || settings.source === 'none'}
          loading={test.isPending && Boolean(test.variables?.sendTo)}
          onClick={() => test.mutate({ withForm: false, sendTo: testTo.trim() })}
        >
          {t('mail.sendTestButton')}
        </Button>
      </Group>
    </Card>
  );
}

function OutboxCard({ counts }: { counts: Settings['counts'] | undefined }) {
  const { t } = useTranslation('admin');
  const fmt = useFormat();
  const [status, setStatus] = useState<Status | 'all'>('all');
  const messages = useQuery(mailMessagesQuery(status === 'all' ? undefined : status));
  return (
    <Card withBorder component="section" aria-labelledby="mail-outbox-title" data-testid="mail-outbox">
      <Title order={2} size="h3" id="mail-outbox-title" mb="sm">
        {t('mail.outbox')}
      </Title>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" mb="md">
        {STATUSES.map((s) => (
          <StatCard key={s} label={t(`mail.status.${s}`)} value={fmt.number(counts?.[s] ?? 0)} loading={!counts} />
        ))}
      </SimpleGrid>
      <SegmentedControl
        mb="sm"
        aria-label={t('mail.filter')}
        value={status}
        onChange={(v) => setStatus(v as Status | 'all')}
        data={[
          { value: 'all', label: t('mail.all') },
          ...STATUSES.map((s) => ({ value: s, label: t(`mail.status.${s}`) })),
        ]}
      />
      <ProblemAlert error={messages.error} />
      <SimpleTable
        minWidth={860}
        rows={messages.data?.items}
        pending={messages.isPending}
        rowKey={(m) => m.id}
        rowTestId="mail-row"
        empty={
          <Text c="dimmed" p="sm">
            {t('mail.empty')}
          </Text>
        }
        columns={[
          {
            key: 'createdAt',
            header: t('mail.columns.createdAt'),
            nowrap: true,
            render: (m) => fmt.dateTime(m.createdAt),
          },
          { key: 'category', header: t('mail.columns.category'), render: (m) => t(`mail.categories.${m.category}`) },
          { key: 'to', header: t('mail.columns.to'), render: (m) => m.to },
          { key: 'subject', header: t('mail.columns.subject'), render: (m) => m.subject },
          {
            key: 'status',
            header: t('mail.columns.status'),
            render: (m) => (
              <Badge variant="light" color={STATUS_COLOR[m.status]} tt="none">
                {t(`mail.status.${m.status}`)}
              </Badge>
            ),
          },
          {
            key: 'attempts',
            header: t('mail.columns.attempts'),
            align: 'right',
            render: (m) => fmt.number(m.attempts),
          },
          {
            key: 'detail',
            header: t('mail.columns.detail'),
            render: (m) => (m.sentAt ? t('mail.sentAt', { at: fmt.dateTime(m.sentAt) }) : (m.lastError ?? '—')),
          },
        ]}
      />
    </Card>
  );
}
