import { Button, Group, Modal, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import {
  applyApiErrors,
  PersonFields,
  type PersonFormValues,
  personValues,
  toPersonBody,
  usePersonValidation,
} from '../../records/PersonForm.tsx';
import { type Person, useUpdatePerson } from '../../records/person.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';

/** The whole contact in one form; only the changed fields are sent (PATCH). */
export function EditPersonModal({ person, opened, onClose }: { person: Person; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('people');
  return (
    <Modal opened={opened} onClose={onClose} title={t('edit.title')} size="lg">
      {opened && <EditPersonForm person={person} onClose={onClose} />}
    </Modal>
  );
}

function EditPersonForm({ person, onClose }: { person: Person; onClose: () => void }) {
  const { t } = useTranslation();
  const validate = usePersonValidation();
  const initial = personValues(person);
  const form = useForm<PersonFormValues>({ initialValues: initial, validate });
  const update = useUpdatePerson(person.id);

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        const patch = toPersonBody(values, initial);
        if (Object.keys(patch).length === 0) return onClose();
        update.mutate(patch, {
          onSuccess: () => {
            notifications.show({ color: 'teal', message: t('states.saved') });
            onClose();
          },
          onError: (e) => applyApiErrors(form, e),
        });
      })}
    >
      <Stack>
        <ProblemAlert error={update.error} />
        <PersonFields form={form} more />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t('actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
