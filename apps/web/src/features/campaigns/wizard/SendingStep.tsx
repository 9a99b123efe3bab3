import { Card, Chip, Grid, Group, NumberInput, Radio, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DateTimeField } from '../../../ui/DateTimeField.tsx';
import { type CampaignValues, ISO_DAYS, SCHEDULE_KINDS, type ScheduleKind } from '../campaign-form.ts';
import { marketingSettingsQuery } from '../queries.ts';

type Form = UseFormReturnType<CampaignValues>;

/**
 * Step 3: who it is from (default: the marketing settings), the days and hours mail may leave, the pace, and when it
 * starts: as soon as possible, at a Paris date and time, or at a wall-clock time in each recipient's zone.
 */
export function SendingStep({ form }: { form: Form }) {
  const { t } = useTranslation('campaigns');
  const settings = useQuery(marketingSettingsQuery);
  const values = form.getValues();
  return (
    <Stack gap="md">
      <Card withBorder component="section" aria-labelledby="sender-title">
        <Title order={3} size="h5" id="sender-title" mb="xs">
          {t('sending.sender')}
        </Title>
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={t('sending.fromName')}
              description={t('sending.fromNameHint', {
                name: settings.data?.fromName || t('sending.fromNameDefault'),
              })}
              maxLength={120}
              {...form.getInputProps('fromName')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              type="email"
              label={t('sending.replyTo')}
              description={t('sending.replyToHint')}
              placeholder={settings.data?.replyTo ?? undefined}
              maxLength={254}
              {...form.getInputProps('replyTo')}
            />
          </Grid.Col>
        </Grid>
      </Card>

      <Card withBorder component="section" aria-labelledby="pace-title">
        <Title order={3} size="h5" id="pace-title" mb="xs">
          {t('sending.pace')}
        </Title>
        <Stack gap="sm">
          <Switch
            label={t('sending.window')}
            description={t('sending.windowHint')}
            {...form.getInputProps('windowOn', { type: 'checkbox' })}
          />
          {values.windowOn && (
            <>
              <Stack gap={4}>
                <Text size="sm" fw={500} id="window-days">
                  {t('sending.days')}
                </Text>
                <Chip.Group
                  multiple
                  value={values.sendWindow.days.map(String)}
                  onChange={(days) => form.setFieldValue('sendWindow.days', days.map(Number))}
                >
                  <Group gap={6} role="group" aria-labelledby="window-days">
                    {ISO_DAYS.map((d) => (
                      <Chip key={d} value={String(d)} size="sm">
                        {t(`days.${d}`)}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
                {form.errors['sendWindow.days'] && (
                  <Text size="xs" c="red">
                    {form.errors['sendWindow.days']}
                  </Text>
                )}
              </Stack>
              <Group gap="sm" grow maw={360}>
                <TimeInput label={t('sending.start')} {...form.getInputProps('sendWindow.start')} />
                <TimeInput label={t('sending.end')} {...form.getInputProps('sendWindow.end')} />
              </Group>
            </>
          )}
          <NumberInput
            label={t('sending.paceHint')}
            suffix={` ${t('sending.perMinute')}`}
            min={1}
            max={10_000}
            step={50}
            allowDecimal={false}
            thousandSeparator=" "
            maw={280}
            {...form.getInputProps('ratePerMinute')}
          />
        </Stack>
      </Card>

      <Card withBorder component="section" aria-labelledby="when-title">
        <Radio.Group
          label={
            <Title order={3} size="h5" id="when-title" component="span">
              {t('sending.when')}
            </Title>
          }
          value={values.scheduleKind}
          onChange={(v) => form.setFieldValue('scheduleKind', v as ScheduleKind)}
        >
          <Stack gap="xs" mt="xs">
            {SCHEDULE_KINDS.map((k) => (
              <Radio key={k} value={k} label={t(`sending.kinds.${k}`)} />
            ))}
          </Stack>
        </Radio.Group>
        {values.scheduleKind !== 'now' && (
          <DateTimeField
            mt="sm"
            maw={320}
            label={values.scheduleKind === 'at' ? t('sending.at') : t('sending.localTime')}
            description={values.scheduleKind === 'recipient_local' ? t('sending.localHint') : undefined}
            required
            {...form.getInputProps('scheduleAt')}
          />
        )}
      </Card>
    </Stack>
  );
}
