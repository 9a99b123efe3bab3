import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Image,
  List,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDownload, IconShieldCheck, IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, data } from '../../api/client.ts';
import { type CurrentUser, useCurrentUser } from '../../app/auth.tsx';
import { authKeys, userKeys } from '../../app/query-keys.ts';
import { CopyIconButton, CopyTextButton } from '../../ui/CopyButtons.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';

type Setup = { otpauthUri: string; qrCodeDataUrl: string; secret: string };

/** TOTP two-factor: setup (QR + secret), confirmation with a first code, backup codes shown once, disable. */
export function TwoFactorCard() {
  const { t } = useTranslation('profile');
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null);
  const [disabling, setDisabling] = useState(false);

  const setTotp = (enabled: boolean) =>
    queryClient.setQueryData(authKeys.me, (old: { user: CurrentUser } | null | undefined) =>
      old ? { user: { ...old.user, totpEnabled: enabled } } : old,
    );

  const start = useMutation({
    mutationFn: async () => data(await api.POST('/api/v1/auth/2fa/setup')),
    onSuccess: setSetup,
  });

  return (
    <Card withBorder padding="lg" data-testid="two-factor">
      <Group justify="space-between" align="flex-start" wrap="wrap" mb="sm">
        <Group gap="sm" wrap="nowrap">
          <Title order={2} size="h4">
            {t('twoFactor.title')}
          </Title>
          <Badge color={user.totpEnabled ? 'teal' : 'gray'} variant="light">
            {user.totpEnabled ? t('twoFactor.on') : t('twoFactor.off')}
          </Badge>
        </Group>
        {user.totpEnabled && (
          <Button variant="light" color="red" size="xs" onClick={() => setDisabling(true)}>
            {t('twoFactor.disable')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {user.totpEnabled ? t('twoFactor.onHelp') : t('twoFactor.offHelp')}
      </Text>

      {!user.totpEnabled && !setup && (
        <Stack gap="sm" align="flex-start">
          <ProblemAlert error={start.error} />
          <Button leftSection={<IconShieldLock size={18} />} onClick={() => start.mutate()} loading={start.isPending}>
            {t('twoFactor.enable')}
          </Button>
        </Stack>
      )}

      {!user.totpEnabled && setup && (
        <EnrolForm
          setup={setup}
          onCancel={() => setSetup(null)}
          onEnabled={(codes) => {
            setSetup(null);
            setTotp(true);
            setBackupCodes(codes);
            void queryClient.invalidateQueries({ queryKey: userKeys.all });
            notifications.show({ color: 'teal', message: t('twoFactor.enabled') });
          }}
        />
      )}

      {backupCodes && <BackupCodesModal codes={backupCodes} email={user.email} onClose={() => setBackupCodes(null)} />}
      {disabling && (
        <DisableModal
          onClose={() => setDisabling(false)}
          onDisabled={() => {
            setDisabling(false);
            setTotp(false);
            void queryClient.invalidateQueries({ queryKey: userKeys.all });
            notifications.show({ color: 'teal', message: t('twoFactor.disabled') });
          }}
        />
      )}
    </Card>
  );
}

function EnrolForm({
  setup,
  onCancel,
  onEnabled,
}: {
  setup: Setup;
  onCancel: () => void;
  onEnabled: (codes: string[]) => void;
}) {
  const { t } = useTranslation('profile');
  const { t: tc } = useTranslation();
  const form = useForm({
    initialValues: { code: '' },
    validate: { code: (v) => (/^\d{6}$/.test(v.replace(/\s+/g, '')) ? null : t('twoFactor.badCode')) },
  });
  const enable = useMutation({
    mutationFn: async (code: string) => data(await api.POST('/api/v1/auth/2fa/enable', { body: { code } })).backupCodes,
    onSuccess: onEnabled,
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'auth.totp_invalid') form.setFieldError('code', t('twoFactor.badCode'));
    },
  });
  const handled = enable.error instanceof ApiError && enable.error.code === 'auth.totp_invalid';

  return (
    <form onSubmit={form.onSubmit((v) => enable.mutate(v.code.replace(/\s+/g, '')))} noValidate>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            {t('twoFactor.step1')}
          </Text>
          <Paper withBorder p="xs" w={200} bg="white">
            <Image src={setup.qrCodeDataUrl} alt={t('twoFactor.qrAlt')} w={180} h={180} />
          </Paper>
          <Text size="sm">{t('twoFactor.manual')}</Text>
          <TextInput
            label={t('twoFactor.secret')}
            value={setup.secret}
            readOnly
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: 1 } }}
            onFocus={(e) => e.currentTarget.select()}
            rightSection={
              <CopyIconButton value={setup.secret} label={tc('actions.copy')} variant="subtle" color="gray" />
            }
          />
        </Stack>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            {t('twoFactor.step2')}
          </Text>
          {!handled && <ProblemAlert error={enable.error} />}
          <TextInput
            label={t('twoFactor.code')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            data-autofocus
            styles={{ input: { fontSize: 20, letterSpacing: 4, maxWidth: 180 } }}
            {...form.getInputProps('code')}
          />
          <Group mt="xs">
            <Button type="submit" leftSection={<IconShieldCheck size={18} />} loading={enable.isPending}>
              {t('twoFactor.confirm')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('twoFactor.cancel')}
            </Button>
          </Group>
        </Stack>
      </SimpleGrid>
    </form>
  );
}

/** The ten backup codes, this once: copy, download, and a clear warning. */
function BackupCodesModal({ codes, email, onClose }: { codes: string[]; email: string; onClose: () => void }) {
  const { t } = useTranslation('profile');
  const text = `${t('twoFactor.backupFile', { email })}\n\n${codes.join('\n')}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'crm-backup-codes.txt';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('twoFactor.backupTitle')}
      closeOnClickOutside={false}
      closeOnEscape={false}
      withCloseButton={false}
      size="md"
    >
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} role="alert">
          {t('twoFactor.backupWarning')}
        </Alert>
        <List
          aria-label={t('twoFactor.backupList')}
          listStyleType="none"
          p={0}
          styles={{ root: { display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 8 } }}
          data-testid="backup-codes"
        >
          {codes.map((code) => (
            <List.Item key={code}>
              <Code fz="md">{code}</Code>
            </List.Item>
          ))}
        </List>
        <Group>
          <CopyTextButton value={codes.join('\n')} label={t('twoFactor.copyAll')} />
          <Button variant="light" leftSection={<IconDownload size={16} />} onClick={download}>
            {t('twoFactor.download')}
          </Button>
        </Group>
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('twoFactor.savedThem')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function DisableModal({ onClose, onDisabled }: { onClose: () => void; onDisabled: () => void }) {
  const { t } = useTranslation('profile');
  const { t: tc } = useTranslation();
  const form = useForm({
    initialValues: { code: '' },
    validate: { code: (v) => (v.trim() ? null : t('twoFactor.badCode')) },
  });
  const disable = useMutation({
    mutationFn: async (code: string) => {
      await api.POST('/api/v1/auth/2fa/disable', { body: { code } });
    },
    onSuccess: onDisabled,
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'auth.totp_invalid') form.setFieldError('code', t('twoFactor.badCode'));
    },
  });
  const handled = disable.error instanceof ApiError && disable.error.code === 'auth.totp_invalid';
  return (
    <Modal opened onClose={onClose} title={t('twoFactor.disableTitle')}>
      <form onSubmit={form.onSubmit((v) => disable.mutate(v.code.trim()))} noValidate>
        <Stack>
          <Text size="sm">{t('twoFactor.disableHelp')}</Text>
          {!handled && <ProblemAlert error={disable.error} />}
          <TextInput
            label={t('twoFactor.disableCode')}
            autoComplete="one-time-code"
            data-autofocus
            {...form.getInputProps('code')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" color="red" loading={disable.isPending}>
              {t('twoFactor.disable')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
