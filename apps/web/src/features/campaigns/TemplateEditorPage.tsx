import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Kbd,
  Menu,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconCopy, IconDots, IconEye, IconLock, IconMailOff, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useBlocker, useNavigate, useParams } from 'react-router';
import { api, data } from '../../api/client.ts';
import { ApiError } from '../../api/problem.ts';
import { canWrite, useCurrentUser, useMayModify } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { fieldErrors } from '../../ui/field-errors.ts';
import { PageSkeleton } from '../../ui/PageSkeleton.tsx';
import { problemMessage } from '../../ui/ProblemAlert.tsx';
import {
  changes,
  createBody,
  emptyValues,
  isBlankBody,
  isDirty,
  type Locale,
  TEMPLATE_LOCALES,
  type TemplateValues,
  valuesOf,
} from './draft.ts';
import { BodyEditor } from './editor/BodyEditor.tsx';
import { PreviewPanel } from './editor/PreviewPanel.tsx';
import { VariableTextInput } from './editor/VariableMenu.tsx';
import { type EmailTemplate, type TemplateVariable, templateQuery, templateSaved, variablesQuery } from './queries.ts';
import { templatePath, useTemplateActions } from './useTemplateActions.tsx';
import { unknownVariables, variableToken } from './variables.ts';

const LIST = '/campaigns/templates';
const FIELDS = ['name', 'locale', 'subject', 'preheader', 'bodyHtml'] as const;

/**
 * `/campaigns/templates/new` and `/campaigns/templates/:id`: a template's name, language, subject and preheader (with
 * the variables menu), its body in the rich editor, and beside it (below on a phone) the live preview. Ctrl/Cmd+S
 * saves; leaving with unsaved changes asks first; the server's refusals show on their field. Read-only for who may
 * not change it. The rich editor comes in this page's chunk only.
 */
export default function TemplateEditorPage() {
  const { id = 'new' } = useParams();
  const { t } = useTranslation('campaigns');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  // The form stays mounted when a new template, once created, takes its address.
  const [formKey, setFormKey] = useState(id);
  const created = useRef<string | null>(null);
  if (id !== formKey && id !== created.current) setFormKey(id);
  const isNew = formKey === 'new';

  const template = useQuery({ ...templateQuery(formKey), enabled: !isNew });
  const variables = useQuery(variablesQuery);
  const writer = canWrite(useCurrentUser());

  if (isNew && !writer) {
    return (
      <EmptyState
        icon={<IconLock size={26} />}
        title={t('editor.readOnlyViewer')}
        action={
          <Button component={Link} to={LIST} variant="light" leftSection={<IconArrowLeft size={16} />}>
            {t('editor.back')}
          </Button>
        }
      />
    );
  }
  if ((!isNew && template.isPending) || variables.isPending) return <PageSkeleton />;
  const error = template.error ?? variables.error;
  if (error) {
    const missing = error instanceof ApiError && (error.status === 404 || error.status === 400);
    return (
      <Stack align="center" py="xl">
        <EmptyState
          icon={<IconMailOff size={26} />}
          title={missing ? tc('problems.email_template.not_found') : problemMessage(error)}
          action={
            <Button component={Link} to={LIST} variant="light" leftSection={<IconArrowLeft size={16} />}>
              {t('editor.back')}
            </Button>
          }
        />
      </Stack>
    );
  }
  return (
    <TemplateForm
      key={formKey}
      template={isNew ? null : (template.data ?? null)}
      variables={variables.data ?? []}
      onCreated={(saved) => {
        created.current = saved.id;
        navigate(templatePath(saved.id), { replace: true });
      }}
    />
  );
}

function TemplateForm({
  template,
  variables,
  onCreated,
}: {
  template: EmailTemplate | null;
  variables: TemplateVariable[];
  onCreated: (saved: EmailTemplate) => void;
}) {
  const { t, i18n } = useTranslation('campaigns');
  const user = useCurrentUser();
  const mayModify = useMayModify();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { userName } = useDirectory();
  const fmt = useFormat();
  const actions = useTemplateActions();

  /** The template as stored (null until a new one is created). */
  const [current, setCurrent] = useState<EmailTemplate | null>(template);
  const editable = current ? mayModify(current) : canWrite(user);
  const [initial] = useState(() => (template ? valuesOf(template) : emptyValues(i18n.language === 'en' ? 'en' : 'fr')));
  /** What "unchanged" means: the saved values, the body as the editor writes it. */
  const [saved, setSaved] = useState<TemplateValues>(initial);
  const form = useForm<TemplateValues>({
    initialValues: initial,
    validate: {
      name: (v) => (v.trim() ? null : t('editor.required')),
      subject: (v) => (v.trim() ? null : t('editor.required')),
      bodyHtml: (v) => (isBlankBody(v) ? t('editor.required') : null),
    },
  });
  const dirty = editable && isDirty(saved, form.values);

  // Unsaved changes: the app's own navigation asks first; closing the tab or reloading is warned by the browser.
  // `leaving`: a navigation of the form's own (to the template just created, to the list after a delete).
  const leaving = useRef(false);
  const dirtyNow = useRef(dirty);
  dirtyNow.current = dirty;
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      !leaving.current && dirtyNow.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  useEffect(() => {
    leaving.current = false; // that navigation has been decided: the next ones are guarded again
  });

  const known = variables.map((v) => v.name);
  const save = useMutation({
    meta: { errorToast: false },
    mutationFn: async (v: TemplateValues) => {
      if (!current) return data(await api.POST('/api/v1/email-templates', { body: createBody(v) }));
      const body = changes(saved, v);
      return data(await api.PATCH('/api/v1/email-templates/{id}', { params: { path: { id: current.id } }, body }));
    },
    onSuccess: (result, v) => {
      templateSaved(queryClient, result);
      setSaved(v);
      if (current) {
        notifications.show({ color: 'teal', message: t('editor.saved') });
      } else {
        notifications.show({ color: 'teal', message: t('editor.created', { name: result.name }) });
        leaving.current = true;
        onCreated(result);
      }
      setCurrent(result);
    },
    onError: (e, v) => {
      const errors = fieldErrors(e, FIELDS);
      // An unknown variable: name it, as written in the field.
      if (e instanceof ApiError && e.code === 'template.unknown_variable') {
        for (const field of ['subject', 'preheader', 'bodyHtml'] as const) {
          const names = unknownVariables(v[field], known);
          if (errors[field] && names.length)
            errors[field] = t('editor.unknownVariable', {
              count: names.length,
              names: names.map(variableToken).join(', '),
            });
        }
      }
      form.setErrors(errors);
    },
  });
  const submit = form.onSubmit((v) => {
    if (current && !isDirty(saved, v)) return;
    save.mutate(v);
  });

  // Ctrl/Cmd+S, in the fields and in the editor too.
  useHotkeys([['mod+S', () => editable && submit()]], [], true);

  const values = form.values;
  const title = values.name.trim() || current?.name || t('editor.newTitle');

  return (
    <>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Anchor component={Link} to={LIST} size="sm" c="dimmed" w="fit-content">
            <Group gap={4} component="span" wrap="nowrap">
              <IconArrowLeft size={14} aria-hidden />
              {t('editor.back')}
            </Group>
          </Anchor>
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <Stack gap={2} miw={0} style={{ flex: '1 1 280px' }}>
              <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
                {title}
              </Title>
              {current && (
                <Text size="sm" c="dimmed">
                  {t('editor.byline', { owner: userName(current.ownerId), when: fmt.relative(current.updatedAt) })}
                </Text>
              )}
            </Stack>
            {editable ? (
              <Group gap="xs" wrap="nowrap">
                {(current || dirty) && (
                  <Badge
                    variant="light"
                    color={dirty ? 'orange' : 'teal'}
                    tt="none"
                    data-testid="save-state"
                    visibleFrom="xs"
                  >
                    {dirty ? t('editor.unsaved') : t('editor.upToDate')}
                  </Badge>
                )}
                <Tooltip label={<Kbd size="xs">{t('editor.saveShortcut')}</Kbd>} openDelay={300}>
                  <Button
                    type="submit"
                    loading={save.isPending}
                    aria-keyshortcuts="Control+S Meta+S"
                    data-disabled={(current && !dirty) || undefined}
                    aria-disabled={(current && !dirty) || undefined}
                  >
                    {t('editor.save')}
                  </Button>
                </Tooltip>
                {current && (
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon variant="default" size="lg" aria-label={t('editor.more')}>
                        <IconDots size={18} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item leftSection={<IconCopy size={14} />} onClick={() => actions.duplicate.mutate(current)}>
                        {t('actions.duplicate')}
                      </Menu.Item>
                      <Menu.Item
                        color="red"
                        leftSection={<IconTrash size={14} />}
                        onClick={() =>
                          actions.confirmDelete(current, () => {
                            leaving.current = true;
                            navigate(LIST);
                          })
                        }
                      >
                        {t('actions.delete')}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                )}
              </Group>
            ) : (
              <Badge variant="light" color="gray" tt="none" leftSection={<IconEye size={12} />}>
                {t('preview.title')}
              </Badge>
            )}
          </Group>

          {!editable && (
            <Alert color="blue" data-testid="read-only">
              {canWrite(user) ? t('editor.readOnly') : t('editor.readOnlyViewer')}
            </Alert>
          )}
          {save.isError && (
            <Alert color="red" role="alert" data-testid="save-error">
              {problemMessage(save.error)}
            </Alert>
          )}

          <Grid gap="md" align="flex-start">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Card withBorder component="section" aria-label={t('editor.body')}>
                <Stack gap="sm">
                  <Grid gap="sm">
                    <Grid.Col span={{ base: 12, sm: 8 }}>
                      <TextInput
                        label={t('editor.name')}
                        description={t('editor.nameHint')}
                        placeholder={t('editor.namePlaceholder')}
                        required={editable}
                        readOnly={!editable}
                        maxLength={120}
                        {...form.getInputProps('name')}
                      />
                    </Grid.Col>
                    <Grid.Col span={{ base: 12, sm: 4 }}>
                      <Select
                        label={t('editor.locale')}
                        description={t('editor.localeHint')}
                        data={TEMPLATE_LOCALES.map((l) => ({ value: l, label: t(`locales.${l}`) }))}
                        allowDeselect={false}
                        readOnly={!editable}
                        value={values.locale}
                        onChange={(v) => v && form.setFieldValue('locale', v as Locale)}
                        error={form.errors.locale}
                      />
                    </Grid.Col>
                  </Grid>
                  <VariableTextInput
                    label={t('editor.subject')}
                    placeholder={t('editor.subjectPlaceholder', { example: variableToken('contact.firstName') })}
                    required={editable}
                    readOnly={!editable}
                    maxLength={250}
                    variables={variables}
                    value={values.subject}
                    onChange={(v) => form.setFieldValue('subject', v)}
                    error={form.errors.subject}
                  />
                  <VariableTextInput
                    label={t('editor.preheader')}
                    description={t('editor.preheaderHint')}
                    readOnly={!editable}
                    maxLength={250}
                    variables={variables}
                    value={values.preheader}
                    onChange={(v) => form.setFieldValue('preheader', v)}
                    error={form.errors.preheader}
                  />
                  <BodyEditor
                    initialHtml={initial.bodyHtml}
                    readOnly={!editable}
                    variables={variables}
                    error={typeof form.errors.bodyHtml === 'string' ? form.errors.bodyHtml : null}
                    onChange={(html) => form.setFieldValue('bodyHtml', html)}
                    onReady={(html) => {
                      // The editor writes the stored body its own way (attribute order, empty paragraphs): that is
                      // the unchanged body, unless the person already typed.
                      setSaved((s) => (s.bodyHtml === initial.bodyHtml ? { ...s, bodyHtml: html } : s));
                      if (form.getValues().bodyHtml === initial.bodyHtml) form.setFieldValue('bodyHtml', html);
                    }}
                  />
                </Stack>
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <PreviewPanel values={values} templateId={current?.id ?? null} canTest={canWrite(user)} />
            </Grid.Col>
          </Grid>
        </Stack>
      </form>

      <Modal
        opened={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        title={t('editor.leaveTitle')}
        centered
      >
        <Text size="sm">{t('editor.leaveBody')}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
            {t('editor.stay')}
          </Button>
          <Button color="red" onClick={() => blocker.proceed?.()}>
            {t('editor.leave')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
