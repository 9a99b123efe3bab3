import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';

/**
 * Asks why a mandate is lost (required by the API). Cancel leaves the mandate where it was.
 * `title` null = closed.
 */
export function LostReasonModal({
  title,
  onCancel,
  onConfirm,
  loading,
  error,
}: {
  title: string | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
  loading?: boolean;
  error?: unknown;
}) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = !reason.trim();

  return (
    <Modal
      opened={title !== null}
      onClose={onCancel}
      title={t('lost.title')}
      transitionProps={{
        onExited: () => {
          setReason('');
          setTouched(false);
        },
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (!missing) onConfirm(reason.trim());
        }}
        noValidate
      >
        <Stack>
          <Text size="sm">{t('lost.intro', { title: title ?? '' })}</Text>
          <ProblemAlert error={error} />
          <Textarea
            label={t('lost.reason')}
            placeholder={t('lost.placeholder')}
            required
            autosize
            minRows={3}
            maxLength={2000}
            data-autofocus
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={touched && missing ? t('lost.required') : undefined}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" color="red" loading={loading}>
              {t('lost.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
