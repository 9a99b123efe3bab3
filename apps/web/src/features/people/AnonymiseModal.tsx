import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMask } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { peopleKeys, RECORD_KEYS } from '../../app/query-keys.ts';
import { fullName, type Person } from '../../records/person.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';

/** RGPD art. 17: irreversible, so the user types the contact's full name to confirm. */
export function AnonymiseModal({ person, opened, onClose }: { person: Person; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const name = fullName(person);
  const reasonOk = reason.trim().length >= 3 && reason.trim().length <= 500;
  const matches = typed.trim().toLocaleLowerCase() === name.toLocaleLowerCase() && reasonOk;
  const anonymise = useMutation({
    mutationFn: async () =>
      data(
        await api.POST('/api/v1/people/{id}/anonymise', {
          params: { path: { id: person.id } },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: (r) => {
      queryClient.setQueryData(peopleKeys.record(person.id), r.person);
      void queryClient.invalidateQueries({ queryKey: RECORD_KEYS.people.all });
      notifications.show({ color: 'teal', message: t('anonymise.done') });
      setTyped('');
      setReason('');
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('anonymise.title')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (matches) anonymise.mutate();
        }}
      >
        <Stack>
          <Alert color="red" icon={<IconMask size={18} />}>
            {t('anonymise.warning')}
          </Alert>
          <ProblemAlert error={anonymise.error} />
          <Textarea
            label={t('anonymise.reason')}
            description={t('anonymise.reasonDescription')}
            placeholder={t('anonymise.reasonPlaceholder')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
            required
            data-autofocus
          />
          <TextInput
            label={t('anonymise.typeName', { name })}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" color="red" disabled={!matches} loading={anonymise.isPending}>
              {t('anonymise.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
