import { Alert, Anchor, Button, Group, Stack, Stepper, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowLeft,
  IconArrowRight,
  IconCalendarCheck,
  IconDeviceFloppy,
  IconLock,
  IconMailOff,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, data } from '../../api/client.ts';
import { ApiError } from '../../api/problem.ts';
import { canWrite, useCurrentUser, useMayModify } from '../../app/auth.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageSkeleton } from '../../ui/PageSkeleton.tsx';
import { fieldProblem, problemMessage } from '../../ui/ProblemAlert.tsx';
import { campaignPath } from './CampaignStatusBadge.tsx';
import {
  type Campaign,
  type CampaignValues,
  campaignBody,
  emptyCampaign,
  formPath,
  missingIn,
  scheduleBody,
  valuesOf,
  WIZARD_STEPS,
  wizardStepOf,
} from './campaign-form.ts';
import { campaignQuery, campaignSaved, type TemplateVariable, variablesQuery } from './queries.ts';
import { AudienceStep } from './wizard/AudienceStep.tsx';
import { ContentStep } from './wizard/ContentStep.tsx';
import { ReviewStep } from './wizard/ReviewStep.tsx';
import { SendingStep } from './wizard/SendingStep.tsx';

const LIST = '/campaigns';

/**
 * `/campaigns/new` and `/campaigns/:id/edit`: a campaign in four steps (audience, content, sending, review), saved as
 * a draft at any step, scheduled from the last. The server's refusals show on their field, on their step. Only a
 * draft is edited, by who may change it; the rich editor comes in this page's chunk.
 */
export default function CampaignWizardPage() {
  const { id } = useParams();
  const { t } = useTranslation('campaigns');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const mayModify = useMayModify();
  // The wizard stays mounted when a new campaign, once saved, takes its address (`created`).
  const [formKey, setFormKey] = useState(id ?? 'new');
  const created = useRef<string | null>(null);
  if ((id ?? 'new') !== formKey && id !== created.current) setFormKey(id ?? 'new');
  const campaign = useQuery({ ...campaignQuery(id ?? ''), enabled: Boolean(id), refetchInterval: false });
  const variables = useQuery(variablesQuery);

  const back = (to: string, label: string) => (
    <Button component={Link} to={to} variant="light" leftSection={<IconArrowLeft size={16} />}>
      {label}
    </Button>
  );
  if (!canWrite(user))
    return (
      <EmptyState icon={<IconLock size={26} />} title={t('wizard.viewerOnly')} action={back(LIST, t('wizard.back'))} />
    );
  const isCreated = id !== undefined && id === created.current;
  if ((id && !isCreated && campaign.isPending) || variables.isPending) return <PageSkeleton />;
  const error = campaign.error ?? variables.error;
  if (error) {
    const missing = error instanceof ApiError && (error.status === 404 || error.status === 400);
    return (
      <EmptyState
        icon={<IconMailOff size={26} />}
        title={missing ? tc('problems.campaign.not_found') : problemMessage(error)}
        action={back(LIST, t('wizard.back'))}
      />
    );
  }
  const current = id ? (campaign.data ?? null) : null;
  if (current && !isCreated && current.status !== 'draft')
    return (
      <EmptyState
        icon={<IconLock size={26} />}
        title={t('wizard.notDraft', { status: t(`status.${current.status}`) })}
        action={back(campaignPath(current.id), t('wizard.open'))}
      />
    );
  if (current && !mayModify(current))
    return (
      <EmptyState
        icon={<IconLock size={26} />}
        title={t('wizard.notYours')}
        action={back(campaignPath(current.id), t('wizard.open'))}
      />
    );
  return (
    <Wizard
      key={formKey}
      campaign={isCreated ? null : current}
      variables={variables.data ?? []}
      onCreated={(saved) => {
        created.current = saved.id;
      }}
    />
  );
}

function Wizard({
  campaign,
  variables,
  onCreated,
}: {
  campaign: Campaign | null;
  variables: TemplateVariable[];
  onCreated: (saved: Campaign) => void;
}) {
  const { t, i18n } = useTranslation('campaigns');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 48em)');
  const [active, setActive] = useState(0);
  const [current, setCurrent] = useState<Campaign | null>(campaign);
  const form = useForm<CampaignValues>({
    initialValues: campaign ? valuesOf(campaign) : emptyCampaign(i18n.language === 'en' ? 'en' : 'fr'),
  });
  const values = form.getValues();
  const last = WIZARD_STEPS.length - 1;

  /** What a step misses, shown on its fields; true when it is complete. */
  const check = (step: number) => {
    const missing = missingIn(step, form.getValues(), t('wizard.required'));
    if (step === 2 && values.windowOn && values.sendWindow.start >= values.sendWindow.end)
      missing['sendWindow.end'] = t('sending.endBeforeStart');
    form.setErrors(missing);
    return Object.keys(missing).length === 0;
  };
  const goTo = (step: number) => {
    if (step > active && !check(active)) return;
    form.clearErrors();
    setActive(step);
    window.scrollTo({ top: 0 });
  };

  /** The server's refusals on their fields, and the first step at fault opened. */
  const showErrors = (e: unknown) => {
    if (!(e instanceof ApiError) || e.fields.length === 0) return;
    const errors: Record<string, string> = {};
    for (const f of e.fields) {
      const path = formPath(f.path);
      if (!errors[path]) errors[path] = fieldProblem(f);
    }
    form.setErrors(errors);
    const steps = Object.keys(errors).map(wizardStepOf);
    setActive(Math.min(...steps, last));
  };

  const save = async (v: CampaignValues): Promise<Campaign> => {
    const body = campaignBody(v);
    if (!current) return data(await api.POST('/api/v1/campaigns', { body }));
    return data(await api.PATCH('/api/v1/campaigns/{id}', { params: { path: { id: current.id } }, body }));
  };
  const saved = (result: Campaign) => {
    campaignSaved(queryClient, result);
    setCurrent(result);
    // A new draft takes its address, so that a reload finds it.
    if (!current) {
      onCreated(result);
      navigate(`/campaigns/${result.id}/edit`, { replace: true });
    }
  };

  const saveDraft = useMutation({
    meta: { errorToast: false },
    mutationFn: save,
    onSuccess: (result) => {
      saved(result);
      notifications.show({
        color: 'teal',
        message: current ? t('wizard.saved') : t('wizard.created', { name: result.name }),
      });
    },
    onError: showErrors,
  });
  const schedule = useMutation({
    meta: { errorToast: false },
    mutationFn: async (v: CampaignValues) => {
      const when = scheduleBody(v);
      if (!when) throw new Error('no time');
      const draft = await save(v);
      saved(draft);
      return data(
        await api.POST('/api/v1/campaigns/{id}/schedule', { params: { path: { id: draft.id } }, body: when }),
      );
    },
    onSuccess: (result) => {
      campaignSaved(queryClient, result);
      notifications.show({ color: 'teal', message: t('wizard.scheduled', { name: result.name }) });
      navigate(campaignPath(result.id));
    },
    onError: showErrors,
  });
  const busy = saveDraft.isPending || schedule.isPending;
  const failure = saveDraft.error ?? schedule.error;

  const onSchedule = () => {
    for (let s = 0; s < last; s++)
      if (!check(s)) {
        setActive(s);
        return;
      }
    schedule.mutate(form.getValues());
  };
  const onSave = () => {
    if (!values.name.trim()) {
      form.setErrors({ name: t('wizard.required') });
      setActive(0);
      return;
    }
    saveDraft.mutate(form.getValues());
  };

  const title = current ? t('wizard.editTitle', { name: current.name }) : t('wizard.newTitle');
  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate>
      <Stack gap="md">
        <Anchor component={Link} to={current ? campaignPath(current.id) : LIST} size="sm" c="dimmed" w="fit-content">
          <Group gap={4} component="span" wrap="nowrap">
            <IconArrowLeft size={14} aria-hidden />
            {current ? current.name : t('wizard.back')}
          </Group>
        </Anchor>
        <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
          {title}
        </Title>
        <Stepper active={active} onStepClick={goTo} size={phone ? 'xs' : 'sm'} allowNextStepsSelect={false}>
          {WIZARD_STEPS.map((s) => (
            <Stepper.Step
              key={s}
              label={phone ? undefined : t(`wizard.steps.${s}`)}
              description={phone ? undefined : t(`wizard.stepHints.${s}`)}
              aria-label={t(`wizard.steps.${s}`)}
            />
          ))}
        </Stepper>
        {phone && (
          <Text fw={600} size="sm" data-testid="wizard-step-name">
            {`${active + 1}/${WIZARD_STEPS.length} · ${t(`wizard.steps.${WIZARD_STEPS[active] ?? 'review'}`)}`}
          </Text>
        )}
        {failure != null && (
          <Alert color="red" role="alert" data-testid="save-error">
            {failure instanceof ApiError && failure.fields.length ? t('wizard.fixErrors') : problemMessage(failure)}
          </Alert>
        )}
        {/* Every step stays mounted: the rich editors keep their content and undo history between steps. */}
        <div hidden={active !== 0}>
          <AudienceStep form={form} />
        </div>
        <div hidden={active !== 1}>
          <ContentStep form={form} variables={variables} />
        </div>
        <div hidden={active !== 2}>
          <SendingStep form={form} />
        </div>
        {active === 3 && <ReviewStep values={values} goTo={goTo} />}
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Button
            variant="default"
            leftSection={<IconArrowLeft size={16} />}
            onClick={() => goTo(active - 1)}
            disabled={active === 0}
          >
            {t('wizard.previous')}
          </Button>
          <Group gap="sm" wrap="wrap" justify="flex-end">
            <Button
              variant="default"
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={onSave}
              loading={saveDraft.isPending}
              disabled={busy && !saveDraft.isPending}
            >
              {t('wizard.saveDraft')}
            </Button>
            {active < last ? (
              <Button rightSection={<IconArrowRight size={16} />} onClick={() => goTo(active + 1)}>
                {t('wizard.next')}
              </Button>
            ) : (
              <Button
                leftSection={<IconCalendarCheck size={16} />}
                onClick={onSchedule}
                loading={schedule.isPending}
                disabled={busy && !schedule.isPending}
              >
                {t('wizard.schedule')}
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
