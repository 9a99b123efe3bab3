import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, data } from '../../api/client.ts';
import { copyName, createBody, valuesOf } from './draft.ts';
import { type EmailTemplate, templateDeleted, templateSaved, templatesQuery } from './queries.ts';

/** The editor of a template. */
export const templatePath = (id: string) => `/campaigns/templates/${id}`;

/**
 * Duplicate (a copy named « … (copie) », opened in the editor) and delete (after a confirmation naming it) a
 * template; failures go to the app's error toast.
 */
export function useTemplateActions() {
  const { t } = useTranslation('campaigns');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const duplicate = useMutation({
    mutationFn: async (template: EmailTemplate) => {
      const taken = (queryClient.getQueryData(templatesQuery.queryKey) ?? []).map((x) => x.name);
      const name = copyName(template.name, taken, (n) => (n === 1 ? t('actions.copy') : t('actions.copyN', { n })));
      return data(await api.POST('/api/v1/email-templates', { body: createBody({ ...valuesOf(template), name }) }));
    },
    onSuccess: (copy) => {
      templateSaved(queryClient, copy);
      notifications.show({ color: 'teal', message: t('actions.duplicated', { name: copy.name }) });
      navigate(templatePath(copy.id));
    },
  });

  const remove = useMutation({
    mutationFn: async ({ template }: { template: EmailTemplate; onDeleted?: () => void }) =>
      data(await api.DELETE('/api/v1/email-templates/{id}', { params: { path: { id: template.id } } })),
    onSuccess: (_r, { template, onDeleted }) => {
      onDeleted?.();
      templateDeleted(queryClient, template.id);
      notifications.show({ color: 'teal', message: t('actions.deleted', { name: template.name }) });
    },
  });

  const confirmDelete = (template: EmailTemplate, onDeleted?: () => void) =>
    modals.openConfirmModal({
      title: t('actions.deleteTitle'),
      children: <Text size="sm">{t('actions.deleteBody', { name: template.name })}</Text>,
      labels: { confirm: tc('actions.delete'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate({ template, onDeleted }),
    });

  return { duplicate, remove, confirmDelete };
}
