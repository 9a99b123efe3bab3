import { Alert, Button, Card, Grid, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client.ts';
import { useFormat } from '../../app/format.ts';
import { marketingKeys } from '../../app/query-keys.ts';
import { fieldErrors } from '../../ui/field-errors.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';

type Settings = Schemas['MarketingSettings'];
type Change = Schemas['MarketingSettingsChange'];

interface Values {
  companyName: string;
  postalAddress: string;
  fromName: string;
  fromAddress: string;
  replyTo: string;
}

const FIELDS = ['companyName', 'postalAddress', 'fromName', 'fromAddress', 'replyTo'] as const;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

const valuesOf = (s: Settings): Values => ({
  companyName: s.companyName ?? '',
  postalAddress: s.postalAddress ?? '',
  fromName: s.fromName ?? '',
  fromAddress: s.fromAddress ?? '',
  replyTo: s.replyTo ?? '',
});

/** The form's values as the API takes them: an empty optional field is "the default" (null). */
const changeOf = (v: Values): Change => ({
  companyName: v.companyName.trim(),
  postalAddress: v.postalAddress.trim(),
  fromName: v.fromName.trim() || null,
  fromAddress: v.fromAddress.trim() || null,
  replyTo: v.replyTo.trim() || null,
});

/**
 * « Expéditeur des campagnes » (administrators, on the mail page): the company name and postal address every marketing
 * mail's footer shows (the law requires them), the sender's name and address, the reply-to (PUT /marketing/settings).
 */
export function MarketingSenderCard({ settings }: { settings: Settings }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const optionalEmail = (v: string) => (!v.trim() || EMAIL.test(v.trim()) ? null : t('marketing.emailInvalid'));
  const form = useForm<Values>({
    initialValues: valuesOf(settings),
    validate: {
      companyName: (v) => (v.trim() ? null : t('marketing.required')),
      postalAddress: (v) =>
        !v.trim() ? t('marketing.required') : v.trim().length < 5 ? t('marketing.addressTooShort') : null,
      fromName: (v) => (/[<>"\r\n]/.test(v) ? t('marketing.nameInvalid') : null),
      fromAddress: optionalEmail,
      replyTo: optionalEmail,
    },
  });
  // The form follows the saved settings.
  const { setValues, resetDirty } = form;
  useEffect(() => {
    setValues(valuesOf(settings));
    resetDirty();
  }, [settings, setValues, resetDirty]);

  const save = useMutation({
    meta: { errorToast: false },
    mutationFn: async (v: Values) => data(await api.PUT('/api/v1/marketing/settings', { body: changeOf(v) })),
    onSuccess: (saved) => {
      queryClient.setQueryData(marketingKeys.settings, saved);
      notifications.show({ color: 'teal', message: t('marketing.saved') });
    },
    onError: (e) => form.setErrors(fieldErrors(e, FIELDS)),
  });

  const notSet = !settings.companyName || !settings.postalAddress;
  return (
    <Card withBorder component="section" aria-labelledby="marketing-sender-title" data-testid="marketing-sender">
      <Title order={2} size="h3" id="marketing-sender-title" mb={4}>
        {t('marketing.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm" maw={760}>
        {t('marketing.intro')}
      </Text>
      {notSet && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} mb="md">
          {t('marketing.notSet')}
        </Alert>
      )}
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <TextInput
                label={t('marketing.companyName')}
                description={t('marketing.companyNameHint')}
                placeholder={t('marketing.companyNamePlaceholder')}
                required
                maxLength={200}
                {...form.getInputProps('companyName')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 7 }}>
              <Textarea
                label={t('marketing.postalAddress')}
                description={t('marketing.postalAddressHint')}
                placeholder={t('marketing.postalAddressPlaceholder')}
                required
                autosize
                minRows={1}
                maxRows={4}
                maxLength={300}
                {...form.getInputProps('postalAddress')}
              />
            </Grid.Col>
          </Grid>
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput
                label={t('marketing.fromName')}
                description={t('marketing.fromNameHint')}
                maxLength={120}
                {...form.getInputProps('fromName')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput
                label={t('marketing.fromAddress')}
                description={t('marketing.fromAddressHint')}
                type="email"
                {...form.getInputProps('fromAddress')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput
                label={t('marketing.replyTo')}
                description={t('marketing.replyToHint')}
                type="email"
                {...form.getInputProps('replyTo')}
              />
            </Grid.Col>
          </Grid>
          <ProblemAlert error={save.error} />
          <Group justify="space-between" wrap="wrap">
            <Text size="xs" c="dimmed">
              {settings.updatedAt ? t('marketing.updatedAt', { at: fmt.dateTime(settings.updatedAt) }) : null}
            </Text>
            <Button type="submit" loading={save.isPending}>
              {tc('actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
