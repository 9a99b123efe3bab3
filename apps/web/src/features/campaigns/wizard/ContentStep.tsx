import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Tabs,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CampaignValues,
  CONDITIONS,
  isBlankHtml,
  type Locale,
  MAX_STEPS,
  newStep,
  type StepCondition,
  type VariantValues,
} from '../campaign-form.ts';
import { TEMPLATE_LOCALES } from '../draft.ts';
import { BodyEditor } from '../editor/BodyEditor.tsx';
import { VariableTextInput } from '../editor/VariableMenu.tsx';
import { type EmailTemplate, type TemplateVariable, templatesQuery } from '../queries.ts';

type Form = UseFormReturnType<CampaignValues>;

/**
 * Step 2: the e-mails in order (the first at the start, each next one some hours after, to everyone or to those who
 * did not open or click), each copied from a template or written here; an A/B test on the first.
 */
export function ContentStep({ form, variables }: { form: Form; variables: readonly TemplateVariable[] }) {
  const { t } = useTranslation('campaigns');
  const templates = useQuery(templatesQuery);
  const values = form.getValues();
  const addStep = () => form.insertListItem('steps', newStep(false, values.steps[0]?.variants[0]?.locale ?? 'fr'));
  return (
    <Stack gap="md">
      {templates.isSuccess && templates.data.length === 0 && <Alert color="blue">{t('content.noTemplates')}</Alert>}
      {values.steps.map((step, i) => (
        <Card
          key={step.uid}
          withBorder
          component="section"
          aria-labelledby={`${step.uid}-title`}
          data-testid="step-card"
        >
          <Group justify="space-between" wrap="nowrap" mb="sm">
            <Group gap="xs" wrap="wrap">
              <Title order={3} size="h4" id={`${step.uid}-title`}>
                {t('content.stepTitle', { n: i + 1 })}
              </Title>
              <Badge variant="light" color="gray" tt="none">
                {i === 0 ? t('content.atStart') : t('content.after', { hours: step.delayHours, n: i })}
              </Badge>
            </Group>
            {i > 0 && (
              <Tooltip label={t('content.removeStep', { n: i + 1 })}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('content.removeStep', { n: i + 1 })}
                  onClick={() => form.removeListItem('steps', i)}
                >
                  <IconTrash size={18} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
          <Stack gap="sm">
            {i > 0 && (
              <Grid gap="sm">
                <Grid.Col span={{ base: 12, sm: 5 }}>
                  <NumberInput
                    label={t('content.delay')}
                    suffix={` ${t('content.hours')}`}
                    min={1}
                    max={24 * 90}
                    allowDecimal={false}
                    {...form.getInputProps(`steps.${i}.delayHours`)}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 7 }}>
                  <Select
                    label={t('content.condition')}
                    data={CONDITIONS.map((c) => ({ value: c, label: t(`conditions.${c}`) }))}
                    allowDeselect={false}
                    value={step.condition}
                    onChange={(v) => v && form.setFieldValue(`steps.${i}.condition`, v as StepCondition)}
                  />
                </Grid.Col>
              </Grid>
            )}
            {i === 0 && <AbSettings form={form} />}
            {i === 0 && values.abOn ? (
              <Tabs defaultValue="0" keepMounted>
                <Tabs.List>
                  {[0, 1].map((k) => (
                    <Tabs.Tab key={k} value={String(k)} c={variantHasError(form, 0, k) ? 'red' : undefined}>
                      {t('ab.variant', { key: k === 0 ? 'A' : 'B' })}
                    </Tabs.Tab>
                  ))}
                </Tabs.List>
                {[0, 1].map((k) => (
                  <Tabs.Panel key={k} value={String(k)} pt="sm">
                    {k === 1 && (
                      <Text size="sm" c="dimmed" mb="xs">
                        {t('ab.variantBHint')}
                      </Text>
                    )}
                    <VariantEditor
                      form={form}
                      step={i}
                      variant={k}
                      templates={templates.data ?? []}
                      variables={variables}
                      label={`${t('content.stepTitle', { n: i + 1 })} · ${t('ab.variant', { key: k === 0 ? 'A' : 'B' })}`}
                    />
                  </Tabs.Panel>
                ))}
              </Tabs>
            ) : (
              <VariantEditor
                form={form}
                step={i}
                variant={0}
                templates={templates.data ?? []}
                variables={variables}
                label={t('content.stepTitle', { n: i + 1 })}
              />
            )}
          </Stack>
        </Card>
      ))}
      {values.steps.length < MAX_STEPS && (
        <Button variant="default" leftSection={<IconPlus size={16} />} onClick={addStep} w="fit-content">
          {t('content.addStep')}
        </Button>
      )}
    </Stack>
  );
}

const variantHasError = (form: Form, step: number, variant: number) =>
  Object.keys(form.errors).some((k) => k.startsWith(`steps.${step}.variants.${variant}.`));

/** The A/B test of the first step: turning it on makes B a copy of A, to change. */
function AbSettings({ form }: { form: Form }) {
  const { t } = useTranslation('campaigns');
  const values = form.getValues();
  const toggle = (on: boolean) => {
    form.setFieldValue('abOn', on);
    const first = values.steps[0];
    if (on && first && first.variants.length < 2)
      form.setFieldValue('steps.0.variants', [...first.variants, { ...(first.variants[0] as VariantValues) }]);
  };
  return (
    <Card withBorder bg="var(--mantine-color-default-hover)" padding="sm">
      <Switch
        label={t('ab.toggle')}
        description={t('ab.hint')}
        checked={values.abOn}
        onChange={(e) => toggle(e.currentTarget.checked)}
      />
      {values.abOn && (
        <Grid gap="sm" mt="sm">
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <NumberInput
              label={t('ab.testShare')}
              description={t('ab.testShareHint')}
              suffix=" %"
              min={2}
              max={100}
              allowDecimal={false}
              {...form.getInputProps('abTest.testShare')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="ab-metric">
                {t('ab.metric')}
              </Text>
              <SegmentedControl
                aria-labelledby="ab-metric"
                fullWidth
                data={(['opens', 'clicks'] as const).map((m) => ({ value: m, label: t(`ab.metrics.${m}`) }))}
                value={values.abTest.metric}
                onChange={(v) => form.setFieldValue('abTest.metric', v as 'opens' | 'clicks')}
              />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <NumberInput
              label={t('ab.waitHours')}
              suffix={` ${t('content.hours')}`}
              min={1}
              max={168}
              allowDecimal={false}
              {...form.getInputProps('abTest.waitHours')}
            />
          </Grid.Col>
        </Grid>
      )}
    </Card>
  );
}

/** One variant: copied from a template (asking before it replaces what was written), then edited in place. */
function VariantEditor({
  form,
  step,
  variant,
  templates,
  variables,
  label,
}: {
  form: Form;
  step: number;
  variant: number;
  templates: EmailTemplate[];
  variables: readonly TemplateVariable[];
  label: string;
}) {
  const { t } = useTranslation('campaigns');
  const { t: tc } = useTranslation();
  const path = `steps.${step}.variants.${variant}` as const;
  const v = form.getValues().steps[step]?.variants[variant] as VariantValues;
  // The rich editor is not controlled: a template copied in starts a new one.
  const [version, setVersion] = useState(0);
  const [initialHtml, setInitialHtml] = useState(v.bodyHtml);
  const copied = templates.find((x) => x.id === v.templateId);

  const copy = (template: EmailTemplate) => {
    form.setFieldValue(path, {
      templateId: template.id,
      subject: template.subject,
      preheader: template.preheader,
      bodyHtml: template.bodyHtml,
      locale: template.locale,
    });
    setInitialHtml(template.bodyHtml);
    setVersion((n) => n + 1);
  };
  const pick = (id: string | null) => {
    const template = templates.find((x) => x.id === id);
    if (!template) return;
    if (!v.subject.trim() && isBlankHtml(v.bodyHtml)) return copy(template);
    modals.openConfirmModal({
      title: t('content.replaceTitle'),
      children: <Text size="sm">{t('content.replaceBody', { name: template.name })}</Text>,
      labels: { confirm: t('content.replace'), cancel: tc('actions.cancel') },
      onConfirm: () => copy(template),
    });
  };
  const err = (field: string) => form.errors[`${path}.${field}`] as string | undefined;
  const errorId = `${path.replaceAll('.', '-')}-body-error`;
  return (
    <Stack gap="sm">
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, sm: 8 }}>
          <Select
            label={t('content.template')}
            description={copied ? t('content.copiedFrom', { name: copied.name }) : t('content.templateHint')}
            placeholder={t('content.templatePlaceholder')}
            data={templates.map((x) => ({ value: x.id, label: x.name }))}
            searchable
            value={null}
            onChange={pick}
            aria-label={`${t('content.template')} · ${label}`}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <Select
            label={t('content.locale')}
            data={TEMPLATE_LOCALES.map((l) => ({ value: l, label: t(`locales.${l}`) }))}
            allowDeselect={false}
            value={v.locale}
            onChange={(x) => x && form.setFieldValue(`${path}.locale`, x as Locale)}
          />
        </Grid.Col>
      </Grid>
      <VariableTextInput
        label={t('content.subject')}
        required
        maxLength={250}
        variables={variables}
        value={v.subject}
        onChange={(x) => form.setFieldValue(`${path}.subject`, x)}
        error={err('subject')}
      />
      <VariableTextInput
        label={t('content.preheader')}
        maxLength={250}
        variables={variables}
        value={v.preheader}
        onChange={(x) => form.setFieldValue(`${path}.preheader`, x)}
        error={err('preheader')}
      />
      <BodyEditor
        key={version}
        initialHtml={initialHtml}
        readOnly={false}
        variables={variables}
        label={`${t('editor.bodyLabel')} · ${label}`}
        errorId={errorId}
        error={err('bodyHtml') ?? null}
        onChange={(html) => form.setFieldValue(`${path}.bodyHtml`, html)}
        onReady={(html) => {
          if (form.getValues().steps[step]?.variants[variant]?.bodyHtml === initialHtml)
            form.setFieldValue(`${path}.bodyHtml`, html);
        }}
      />
    </Stack>
  );
}
