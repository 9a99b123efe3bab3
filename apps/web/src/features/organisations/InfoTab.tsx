import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client.ts';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { type Editor, InlineField } from '../../ui/InlineField.tsx';
import type { OrganisationPatch } from './OrganisationFormModal.tsx';
import { AMF_LICENCE, useOrganisationOptions } from './options.ts';

type Organisation = Schemas['Organisation'];
type Field = keyof OrganisationPatch & keyof Organisation;

/** Saves one field of an organisation (PATCH with that field only) and updates the cached record. */
export function useSaveOrganisationField(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { errorToast: false }, // the inline field shows the error under itself
    mutationFn: async (patch: OrganisationPatch) =>
      data(await api.PATCH('/api/v1/organisations/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: (org) => {
      queryClient.setQueryData(['organisations', id], org);
      void queryClient.invalidateQueries({ queryKey: ['organisations', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['organisations', id, 'timeline'] });
    },
  });
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm" m={0}>
        {children}
      </SimpleGrid>
    </Paper>
  );
}

/** Every field of the organisation, editable in place (click, Enter saves, Escape cancels). */
export function InfoTab({ organisation: o, canEdit }: { organisation: Organisation; canEdit: boolean }) {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { userName, userOptions } = useDirectory();
  const options = useOrganisationOptions();
  const save = useSaveOrganisationField(o.id);

  const field = (
    name: Field,
    label: string,
    display: ReactNode,
    editor: Editor,
    wide = false,
    href?: string | null,
  ) => (
    <InlineField
      key={name}
      label={label}
      display={display}
      editor={editor}
      canEdit={canEdit}
      wide={wide}
      href={href}
      term
      onSave={async (value) => {
        await save.mutateAsync({ [name]: value } as OrganisationPatch);
        notifications.show({ color: 'teal', message: t('info.saved', { field: label }) });
      }}
    />
  );
  const website = o.website && !/^https?:\/\//i.test(o.website) ? `https://${o.website}` : o.website;

  return (
    <Stack gap="md">
      {canEdit && (
        <Text size="sm" c="dimmed">
          {t('info.editHint')}
        </Text>
      )}
      <Section title={t('info.identity')}>
        {field('name', t('fields.name'), o.name, { kind: 'text', value: o.name, maxLength: 200 })}
        {field('type', t('fields.type'), tc(`enums.organisationType.${o.type}`), {
          kind: 'select',
          value: o.type,
          options: options.type,
        })}
        {field('category', t('fields.category'), o.category, {
          kind: 'select',
          value: o.category,
          options: options.category,
        })}
        {field('ownerId', t('fields.owner'), userName(o.ownerId), {
          kind: 'select',
          value: o.ownerId,
          options: userOptions,
        })}
        {field('isActive', t('fields.isActive'), null, { kind: 'boolean', value: o.isActive })}
        {field('tier', t('fields.tier'), o.tier ? `Tier ${o.tier}` : null, {
          kind: 'select',
          value: o.tier ? String(o.tier) : null,
          options: options.tier,
          clearable: true,
        })}
      </Section>
      <Section title={t('info.contact')}>
        {field(
          'email',
          t('fields.email'),
          o.email,
          { kind: 'text', value: o.email, inputType: 'email' },
          false,
          o.email ? `mailto:${o.email}` : null,
        )}
        {field(
          'phone',
          t('fields.phone'),
          o.phone,
          { kind: 'text', value: o.phone, inputType: 'tel' },
          false,
          o.phone ? `tel:${o.phone.replace(/\s/g, '')}` : null,
        )}
        {field(
          'website',
          t('fields.website'),
          o.website,
          { kind: 'text', value: o.website, inputType: 'url' },
          false,
          website,
        )}
        {field('amfLicence', t('fields.amfLicence'), o.amfLicence, {
          kind: 'text',
          value: o.amfLicence,
          validate: (v) =>
            !v?.trim() || AMF_LICENCE.test(v.replace(/\s+/g, '')) ? null : t('fields.amfLicenceInvalid'),
        })}
        {field('address', t('fields.address'), o.address, { kind: 'text', value: o.address })}
        {field('postalCode', t('fields.postalCode'), o.postalCode, { kind: 'text', value: o.postalCode })}
        {field('city', t('fields.city'), o.city, { kind: 'text', value: o.city })}
        {field('countryCode', t('fields.countryCode'), options.countryName(o.countryCode), {
          kind: 'select',
          value: o.countryCode,
          options: options.countries(o.countryCode),
        })}
        {field('language', t('fields.language'), options.languageName(o.language), {
          kind: 'select',
          value: o.language,
          options: options.languages(o.language),
        })}
      </Section>
      <Section title={t('info.business')}>
        {field('aum', t('fields.aum'), fmt.money(o.aum), { kind: 'number', value: o.aum, suffix: ' €' })}
        {field('aumDate', t('fields.aumDate'), o.aumDate ? fmt.date(o.aumDate) : null, {
          kind: 'date',
          value: o.aumDate,
        })}
        {field('source', t('fields.source'), o.source ? tc(`enums.source.${o.source}`) : null, {
          kind: 'select',
          value: o.source,
          options: options.source,
          clearable: true,
        })}
        {field(
          'strategies',
          t('fields.strategies'),
          <Group gap={4}>
            {o.strategies.map((s) => (
              <Badge key={s} variant="light" color="grape" size="sm">
                {s}
              </Badge>
            ))}
          </Group>,
          { kind: 'tags', value: o.strategies },
        )}
        {field(
          'tags',
          t('fields.tags'),
          <Group gap={4}>
            {o.tags.map((s) => (
              <Badge key={s} variant="light" size="sm">
                {s}
              </Badge>
            ))}
          </Group>,
          { kind: 'tags', value: o.tags },
        )}
        {field('notes', t('fields.notes'), o.notes, { kind: 'textarea', value: o.notes }, true)}
      </Section>
      <Section title={t('info.compliance')}>
        {field('legalBasis', t('fields.legalBasis'), t(`legalBasis.${o.legalBasis}`), {
          kind: 'select',
          value: o.legalBasis,
          options: options.legalBasis,
        })}
        {field('consent', t('fields.consent'), null, { kind: 'boolean', value: o.consent })}
        {field('marketingOptOut', t('fields.marketingOptOut'), null, { kind: 'boolean', value: o.marketingOptOut })}
        {field('dataSource', t('fields.dataSource'), o.dataSource, { kind: 'text', value: o.dataSource })}
        <div>
          <Text component="dt" size="xs" c="dimmed" fw={500} mb={2}>
            {t('fields.createdAt')}
          </Text>
          <Text component="dd" size="sm" m={0} py={4}>
            {fmt.dateTime(o.createdAt)}
          </Text>
        </div>
        <div>
          <Text component="dt" size="xs" c="dimmed" fw={500} mb={2}>
            {t('fields.updatedAt')}
          </Text>
          <Text component="dd" size="sm" m={0} py={4}>
            {fmt.dateTime(o.updatedAt)}
          </Text>
        </div>
      </Section>
    </Stack>
  );
}
