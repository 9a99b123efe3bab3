import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { peopleKeys } from '../../app/query-keys.ts';
import { RecordFields } from '../../records/fields/RecordFields.tsx';
import type { RecordField } from '../../records/fields/types.ts';
import { usePersonValidation } from '../../records/PersonForm.tsx';
import type { Person } from '../../records/person.ts';
import { usePlaces, withValue } from '../../records/places.ts';

/** The IANA time zones the browser knows, for a contact's own zone. */
const TIME_ZONE_OPTIONS = Intl.supportedValuesOf('timeZone').map((z) => ({ value: z, label: z.replaceAll('_', ' ') }));

type Section = 'identity' | 'contact' | 'followUp' | 'privacy';

/** The contact's fields by section, in order (records/fields: the server's descriptions decide the rest). */
function usePersonFields(): RecordField<Person, Section>[] {
  const { t } = useTranslation('people');
  const fmt = useFormat();
  const places = usePlaces();
  const check = usePersonValidation();
  const text = (validate?: (v: string) => string | null, inputType?: 'email' | 'tel' | 'url') =>
    ({ kind: 'text', inputType, validate: validate && ((v: string | null) => validate(v ?? '')) }) as const;
  return [
    {
      section: 'identity',
      name: 'firstName',
      label: t('fields.firstName'),
      editor: text(check.firstName),
      width: 'half',
      testId: 'field-firstName',
    },
    {
      section: 'identity',
      name: 'lastName',
      label: t('fields.lastName'),
      editor: text(check.lastName),
      width: 'half',
      testId: 'field-lastName',
    },
    { section: 'identity', name: 'jobTitle', label: t('fields.jobTitle'), testId: 'field-jobTitle' },
    { section: 'identity', name: 'linkedinHeadline', label: t('fields.linkedinHeadline') },
    {
      section: 'identity',
      name: 'language',
      label: t('fields.language'),
      display: (p) => places.languageName(p.language),
      editor: (p) => ({ kind: 'select', options: withValue(places.languageOptions, p.language) }),
      width: 'half',
    },
    {
      section: 'identity',
      name: 'countryCode',
      label: t('fields.countryCode'),
      display: (p) => places.countryName(p.countryCode),
      editor: (p) => ({ kind: 'select', options: withValue(places.countryOptions, p.countryCode) }),
      width: 'half',
    },
    {
      section: 'identity',
      name: 'timeZone',
      label: t('fields.timeZone'),
      // Empty: the country's zone (campaigns sent at a local time, docs/CAMPAIGNS.md).
      display: (p) => p.timeZone ?? t('fields.timeZoneFromCountry'),
      editor: (p) => ({ kind: 'select', options: withValue(TIME_ZONE_OPTIONS, p.timeZone), clearable: true }),
      width: 'half',
    },
    {
      section: 'contact',
      name: 'email',
      label: t('fields.email'),
      editor: text(check.email, 'email'),
      testId: 'field-email',
    },
    {
      section: 'contact',
      name: 'phone',
      label: t('fields.phone'),
      editor: text(undefined, 'tel'),
      width: 'half',
      testId: 'field-phone',
    },
    {
      section: 'contact',
      name: 'mobile',
      label: t('fields.mobile'),
      editor: text(undefined, 'tel'),
      width: 'half',
      testId: 'field-mobile',
    },
    {
      section: 'contact',
      name: 'personalEmail',
      label: t('fields.personalEmail'),
      editor: text(check.personalEmail, 'email'),
    },
    { section: 'contact', name: 'linkedinUrl', label: t('fields.linkedinUrl'), editor: text(check.linkedinUrl, 'url') },
    { section: 'contact', name: 'linkedinConnectedOn', label: t('fields.linkedinConnectedOn') },
    { section: 'followUp', name: 'ownerId', label: t('fields.owner'), width: 'half' },
    { section: 'followUp', name: 'source', label: t('fields.source'), width: 'half' },
    { section: 'followUp', name: 'isActive', label: t('fields.isActive') },
    { section: 'followUp', name: 'notes', label: t('fields.notes') },
    {
      section: 'followUp',
      name: 'lastActivityAt',
      label: t('fields.lastActivityAt'),
      display: (p) => fmt.dateTime(p.lastActivityAt),
      width: 'third',
    },
    {
      section: 'followUp',
      name: 'createdAt',
      label: t('fields.createdAt'),
      display: (p) => fmt.dateTime(p.createdAt),
      width: 'third',
    },
    {
      section: 'followUp',
      name: 'updatedAt',
      label: t('fields.updatedAt'),
      display: (p) => fmt.dateTime(p.updatedAt),
      width: 'third',
    },
    {
      section: 'privacy',
      name: 'legalBasis',
      label: t('fields.legalBasis'),
      labels: (v) => t(`legalBasis.${v as Person['legalBasis']}`),
    },
    {
      section: 'privacy',
      name: 'consent',
      label: t('fields.consent'),
      hint: (p) => (p.consentAt ? t('info.consentAt', { date: fmt.date(p.consentAt) }) : undefined),
    },
    { section: 'privacy', name: 'marketingOptOut', label: t('fields.marketingOptOut') },
    { section: 'privacy', name: 'recordingOptOut', label: t('fields.recordingOptOut') },
    { section: 'privacy', name: 'dataSource', label: t('fields.dataSource') },
  ];
}

/** Every field of the contact, each editable in place (one PATCH per field); an anonymised contact is read-only. */
export function PersonInfoTab({ person, readOnly }: { person: Person; readOnly: boolean }) {
  const { t } = useTranslation('people');
  const fmt = useFormat();
  const fields = usePersonFields();
  return (
    <RecordFields
      entity="people"
      record={person}
      recordKey={peopleKeys.record(person.id)}
      fields={fields}
      sections={[
        { key: 'identity', title: t('info.identity') },
        { key: 'contact', title: t('info.contact') },
        { key: 'followUp', title: t('info.followUp') },
        {
          key: 'privacy',
          title: t('info.privacy'),
          footer: person.anonymisedAt && (
            <Text size="sm" c="dimmed" mt="sm">
              {t('info.anonymisedAt', { date: fmt.dateTime(person.anonymisedAt) })}
            </Text>
          ),
        },
      ]}
      mayModify={!readOnly && !person.anonymisedAt}
      columns={2}
      defaultWidth="full"
    />
  );
}
