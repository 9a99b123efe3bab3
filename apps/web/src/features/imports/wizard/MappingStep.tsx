import { Alert, Badge, Button, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconFileSpreadsheet } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { TableScroll } from '../../../ui/TableScroll.tsx';
import { ConstantValues } from '../ConstantValues.tsx';
import { ValidationProgress } from './JobViews.tsx';
import type { Upload } from './types.ts';
import type { ImportWizardState } from './useImportWizard.ts';

/** Step 2: each column of the file to a field (the server's suggestions first), constant values, duplicates. */
export function MappingStep({ w, upload }: { w: ImportWizardState; upload: Upload }) {
  const { t } = useTranslation('imports');
  const { t: tc } = useTranslation();
  const { lang, mapping, missing, validating, dryRunError } = w;
  return (
    <Stack gap="md" mt="md">
      <Group gap="xs">
        <Badge variant="light" leftSection={<IconFileSpreadsheet size={12} />} tt="none" maw="100%">
          {t('file.uploaded', { rows: upload.rowCount, file: upload.fileName })}
        </Badge>
        {upload.linkedin && (
          <Badge color="blue" variant="light" tt="none">
            {t('file.linkedin')}
          </Badge>
        )}
        {upload.skippedPreambleLines > 0 && (
          <Badge color="gray" variant="light" tt="none">
            {t('file.preamble', { count: upload.skippedPreambleLines })}
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('mapping.intro')}
      </Text>
      <TableScroll minWidth={480}>
        <Table verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('mapping.column')}</Table.Th>
              <Table.Th>{t('mapping.field')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {upload.headers.map((header) => {
              const used = new Set(Object.entries(mapping).flatMap(([h, f]) => (h !== header && f ? [f] : [])));
              const suggested = upload.suggestedMapping[header];
              const confidence = upload.confidence[header] ?? 0;
              return (
                <Table.Tr key={header}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {header}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Select
                        aria-label={t('mapping.fieldFor', { column: header })}
                        data={[
                          { value: '', label: t('mapping.ignore') },
                          ...upload.fields.map((f) => ({
                            value: f.name,
                            label: `${f.label[lang]}${f.required ? ' *' : ''}`,
                            disabled: used.has(f.name),
                          })),
                        ]}
                        value={mapping[header] ?? ''}
                        onChange={(v) => w.setMapping((m) => ({ ...m, [header]: v || null }))}
                        allowDeselect={false}
                        searchable
                        w={260}
                      />
                      {suggested && mapping[header] === suggested && confidence > 0 && (
                        <Badge
                          size="sm"
                          variant="light"
                          color={confidence >= 0.9 ? 'teal' : 'yellow'}
                          tt="none"
                          visibleFrom="sm"
                        >
                          {t('mapping.suggested', { percent: `${Math.round(confidence * 100)} %` })}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <ConstantValues
        fields={upload.fields}
        mapped={new Set(Object.values(mapping).filter((f): f is string => Boolean(f)))}
        value={w.constants}
        onChange={w.setConstants}
        lang={lang}
      />
      {missing.length > 0 && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
          {t('mapping.required', { fields: missing.map((f) => f.label[lang]).join(', ') })}
        </Alert>
      )}
      {upload.entity !== 'links' && (
        <Stack gap={4}>
          <Text size="sm" fw={500} id="import-duplicates">
            {t('mapping.duplicates')}
          </Text>
          <SegmentedControl
            aria-labelledby="import-duplicates"
            value={w.duplicates}
            onChange={(v) => w.setDuplicates(v === 'merge' ? 'merge' : 'skip')}
            data={[
              { value: 'skip', label: t('mapping.duplicatesSkip') },
              { value: 'merge', label: t('mapping.duplicatesMerge') },
            ]}
            style={{ alignSelf: 'flex-start' }}
          />
        </Stack>
      )}
      <ProblemAlert error={w.check.error} />
      <Group>
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={w.reset}>
          {tc('actions.back')}
        </Button>
        <Button
          onClick={() => w.check.mutate()}
          loading={w.check.isPending || validating !== null}
          disabled={missing.length > 0}
        >
          {t('mapping.dryRun')}
        </Button>
      </Group>
      {validating && <ValidationProgress job={validating} />}
      {dryRunError && (
        <Alert color="red" icon={<IconAlertTriangle size={16} />}>
          {t('check.failed', {
            reason: t(`rowErrors.${dryRunError.code.replace(/^import\./, '')}`, {
              defaultValue: dryRunError.message,
            }),
          })}
        </Alert>
      )}
    </Stack>
  );
}
