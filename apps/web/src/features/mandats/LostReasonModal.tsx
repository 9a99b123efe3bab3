import { LOST_REASON_CODES, type LostReasonCode } from '@crm/contracts';
import { Button, Group, Modal, Radio, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { type LostReasonInput, lostReasonBody, lostReasonMissing } from './lost-reason.ts';

/**
 * Asks why a mandate is lost (required by the API, docs/DOMAIN.md "Lost reasons"): one of the reasons, as cards, and
 * a detail, optional but for « Autre ». Cancel leaves the mandate where it was. `title` null = closed.
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
  onConfirm: (reason: LostReasonInput) => void;
  loading?: boolean;
  error?: unknown;
}) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const [code, setCode] = useState<LostReasonCode | null>(null);
  const [detail, setDetail] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = lostReasonMissing(code, detail);
  const detailNeeded = code === 'autre';

  return (
    <Modal
      opened={title !== null}
      onClose={onCancel}
      title={t('lost.title')}
      size="lg"
      transitionProps={{
        onExited: () => {
          setCode(null);
          setDetail('');
          setTouched(false);
        },
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (code && !missing) onConfirm(lostReasonBody(code, detail));
        }}
        noValidate
      >
        <Stack>
          <Text size="sm">{t('lost.intro', { title: title ?? '' })}</Text>
          <ProblemAlert error={error} />
          <Radio.Group
            label={t('lost.reason')}
            required
            value={code}
            onChange={(v) => setCode(v as LostReasonCode)}
            error={touched && missing === 'code' ? t('lost.required') : undefined}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
              {LOST_REASON_CODES.map((c, i) => (
                <Radio.Card key={c} value={c} radius="md" p="xs" data-autofocus={i === 0 || undefined}>
                  <Group wrap="nowrap" align="flex-start" gap="xs">
                    <Radio.Indicator size="sm" mt={2} />
                    <div>
                      <Text size="sm" fw={500}>
                        {tc(`enums.lostReason.${c}`)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`lost.hints.${c}`)}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              ))}
            </SimpleGrid>
          </Radio.Group>
          <Textarea
            label={t('lost.detail')}
            description={detailNeeded ? t('lost.detailRequired') : t('lost.detailOptional')}
            placeholder={t('lost.placeholder')}
            required={detailNeeded}
            autosize
            minRows={2}
            maxLength={2000}
            value={detail}
            onChange={(e) => setDetail(e.currentTarget.value)}
            error={touched && missing === 'detail' ? t('lost.detailMissing') : undefined}
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
