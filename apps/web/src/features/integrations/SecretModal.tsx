import { Alert, Code, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { SecretField } from '../../ui/SecretField.tsx';

export interface RevealedSecret {
  url: string;
  secret: string;
  /** Set after a rotation: until then the previous secret signs too. */
  previousSecretExpiresAt?: string;
}

/** The signing secret, this once only (after a create or a rotation), with a copy button and a warning. */
export function SecretModal({ revealed, onClose }: { revealed: RevealedSecret; onClose: () => void }) {
  const { t } = useTranslation('integrations');
  const fmt = useFormat();
  const rotated = Boolean(revealed.previousSecretExpiresAt);
  return (
    <Modal
      opened
      onClose={onClose}
      title={rotated ? t('secret.rotatedTitle') : t('secret.createdTitle')}
      closeOnClickOutside={false}
      closeOnEscape={false}
      withCloseButton={false}
      size="lg"
    >
      <Stack>
        <Code fz="sm" style={{ wordBreak: 'break-all' }}>
          {revealed.url}
        </Code>
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} role="alert">
          {t('secret.warning')}
        </Alert>
        {rotated && (
          <Alert color="blue" icon={<IconInfoCircle size={18} />} data-testid="rotation-info">
            <Text size="sm">{t('secret.rotatedInfo', { date: fmt.dateTime(revealed.previousSecretExpiresAt) })}</Text>
          </Alert>
        )}
        <SecretField
          label={t('secret.label')}
          value={revealed.secret}
          testId="webhook-secret"
          copyLabel={t('secret.copy')}
          doneLabel={t('secret.done')}
          onDone={onClose}
        />
      </Stack>
    </Modal>
  );
}
