import { Button, FileInput, Group, Radio, Stack } from '@mantine/core';
import { IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { ENTITIES, type ImportEntity } from './types.ts';
import type { ImportWizardState } from './useImportWizard.ts';

/** Step 1: what the file holds and the file itself, sent to the server for analysis. */
export function FileStep({ w }: { w: ImportWizardState }) {
  const { t } = useTranslation('imports');
  return (
    <Stack gap="md" mt="md">
      <Radio.Group label={t('file.entity')} value={w.entity} onChange={(v) => w.setEntity(v as ImportEntity)}>
        <Stack gap="xs" mt="xs">
          {ENTITIES.map((e) => (
            <Radio key={e} value={e} label={t(`entities.${e}`)} description={t(`entityHints.${e}`)} />
          ))}
        </Stack>
      </Radio.Group>
      <FileInput
        label={t('file.label')}
        description={t('file.hint')}
        placeholder={t('file.placeholder')}
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        leftSection={<IconFileSpreadsheet size={18} />}
        value={w.file}
        onChange={w.setFile}
        clearable
        maw={520}
      />
      <ProblemAlert error={w.send.error} />
      <Group>
        <Button
          leftSection={<IconUpload size={16} />}
          disabled={!w.file}
          loading={w.send.isPending}
          onClick={() => w.send.mutate()}
        >
          {t('file.analyse')}
        </Button>
      </Group>
    </Stack>
  );
}
