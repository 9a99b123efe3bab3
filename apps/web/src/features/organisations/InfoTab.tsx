import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client.ts';
import { useFormat } from '../../app/format.ts';
import { RecordFields } from '../../records/fields/RecordFields.tsx';
import type { RecordField } from '../../records/fields/types.ts';
import { AMF_LICENCE, useOrganisationOptions } from './options.ts';

type Organisation = Schemas['Organisation'];
type Section = 'identity' | 'contact' | 'business' | 'compliance';

/** A website as a link (the scheme added when the stored value has none). */
export const websiteHref = (website: string | null) =>
  website && !/^https?:\/\//i.test(website) ? `https://${website}` : website;

/** The organisation's fields by section, in order (records/fields: the server's descriptions decide the rest). */
function useOrganisationFields(): RecordField<Organisation, Section>[] {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const options = useOrganisationOptions();
  const badges = (color?: string) => (values: string[]) => (
    <Group gap={4}>
      {values.map((s) => (
        <Badge key={s} variant="light" color={color} size="sm">
          {s}
        </Badge>
      ))}
    </Group>
  );
  return [
    { section: 'identity', name: 'name', label: t('fields.name'), editor: { kind: 'text', maxLength: 200 } },
    {
      section: 'identity',
      name: 'type',
      label: t('fields.type'),
      labels: (v) => tc(`enums.organisationType.${v as Organisation['type']}`),
    },
    { section: 'identity', name: 'category', label: t('fields.category') },
    { section: 'identity', name: 'ownerId', label: t('fields.owner') },
    { section: 'identity', name: 'isActive', label: t('fields.isActive') },
    {
      section: 'identity',
      name: 'tier',
      label: t('fields.tier'),
      display: (o) => (o.tier ? `Tier ${o.tier}` : null),
      editor: { kind: 'select', options: options.tier },
    },
    { section: 'contact', name: 'email', label: t('fields.email'), href: (o) => o.email && `mailto:${o.email}` },
    {
      section: 'contact',
      name: 'phone',
      label: t('fields.phone'),
      editor: { kind: 'text', inputType: 'tel' },
      href: (o) => o.phone && `tel:${o.phone.replace(/\s/g, '')}`,
    },
    {
      section: 'contact',
      name: 'website',
      label: t('fields.website'),
      editor: { kind: 'text', inputType: 'url' },
      href: (o) => websiteHref(o.website),
    },
    {
      section: 'contact',
      name: 'amfLicence',
      label: t('fields.amfLicence'),
      editor: {
        kind: 'text',
        validate: (v) => (!v?.trim() || AMF_LICENCE.test(v.replace(/\s+/g, '')) ? null : t('fields.amfLicenceInvalid')),
      },
    },
    { section: 'contact', name: 'address', label: t('fields.address') },
    { section: 'contact', name: 'postalCode', label: t('fields.postalCode') },
    { section: 'contact', name: 'city', label: t('fields.city') },
    {
      section: 'contact',
      name: 'countryCode',
      label: t('fields.countryCode'),
      display: (o) => options.countryName(o.countryCode),
      editor: (o) => ({ kind: 'select', options: options.countries(o.countryCode) }),
    },
    {
      section: 'contact',
      name: 'language',
      label: t('fields.language'),
      display: (o) => options.languageName(o.language),
      editor: (o) => ({ kind: 'select', options: options.languages(o.language) }),
    },
    {
      section: 'business',
      name: 'aum',
      label: t('fields.aum'),
      display: (o) => fmt.money(o.aum),
      editor: { kind: 'number', suffix: ' €' },
    },
    { section: 'business', name: 'aumDate', label: t('fields.aumDate') },
    { section: 'business', name: 'source', label: t('fields.source') },
    {
      section: 'business',
      name: 'strategies',
      label: t('fields.strategies'),
      display: (o) => badges('grape')(o.strategies),
    },
    { section: 'business', name: 'tags', label: t('fields.tags'), display: (o) => badges()(o.tags) },
    { section: 'business', name: 'notes', label: t('fields.notes'), width: 'full' },
    {
      section: 'compliance',
      name: 'legalBasis',
      label: t('fields.legalBasis'),
      labels: (v) => t(`legalBasis.${v as Organisation['legalBasis']}`),
    },
    { section: 'compliance', name: 'consent', label: t('fields.consent') },
    { section: 'compliance', name: 'marketingOptOut', label: t('fields.marketingOptOut') },
    { section: 'compliance', name: 'dataSource', label: t('fields.dataSource') },
    {
      section: 'compliance',
      name: 'createdAt',
      label: t('fields.createdAt'),
      display: (o) => fmt.dateTime(o.createdAt),
    },
    {
      section: 'compliance',
      name: 'updatedAt',
      label: t('fields.updatedAt'),
      display: (o) => fmt.dateTime(o.updatedAt),
    },
  ];
}

/** Every field of the organisation, editable in place (click, Enter saves, Escape cancels). */
export function InfoTab({ organisation, canEdit }: { organisation: Organisation; canEdit: boolean }) {
  const { t } = useTranslation('organisations');
  const fields = useOrganisationFields();
  return (
    <RecordFields
      entity="organisations"
      record={organisation}
      fields={fields}
      sections={[
        { key: 'identity', title: t('info.identity') },
        { key: 'contact', title: t('info.contact') },
        { key: 'business', title: t('info.business') },
        { key: 'compliance', title: t('info.compliance') },
      ]}
      mayModify={canEdit}
      term
      intro={
        canEdit && (
          <Text size="sm" c="dimmed">
            {t('info.editHint')}
          </Text>
        )
      }
    />
  );
}
