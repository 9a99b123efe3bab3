import { LEGAL_BASES, SOURCES } from '@crm/contracts';
import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { usePersonValidation } from '../../records/PersonForm.tsx';
import { type Person, type PersonPatch, useUpdatePerson } from '../../records/person.ts';
import { usePlaces, withValue } from '../../records/places.ts';
import { type Editor, InlineField } from '../../ui/InlineField.tsx';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Card>
  );
}

/** Every field of the contact, each editable in place (one PATCH per field). */
export function PersonInfoTab({ person, readOnly }: { person: Person; readOnly: boolean }) {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const places = usePlaces();
  const check = usePersonValidation();
  const { userOptions, userName } = useDirectory();
  const update = useUpdatePerson(person.id);
  const ro = readOnly || !!person.anonymisedAt;

  const owners =
    person.ownerId && !userOptions.some((o) => o.value === person.ownerId)
      ? [{ value: person.ownerId, label: userName(person.ownerId) }, ...userOptions]
      : userOptions;

  /** One field, saved alone (PATCH of that field only). */
  const field = (
    name: keyof PersonPatch,
    label: string,
    editor: Editor,
    more: { display?: ReactNode; hint?: ReactNode; testId?: string } = {},
  ) => (
    <InlineField
      label={label}
      editor={editor}
      canEdit={!ro}
      onSave={async (value) => {
        await update.mutateAsync({ [name]: value } as PersonPatch);
        notifications.show({ color: 'teal', message: t('inline.saved', { field: label }) });
      }}
      {...more}
    />
  );
  const text = (value: string | null, more: Omit<Extract<Editor, { kind: 'text' }>, 'kind' | 'value'> = {}) =>
    ({ kind: 'text', value, ...more }) as const;

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Section title={t('info.identity')}>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          {field(
            'firstName',
            t('fields.firstName'),
            text(person.firstName, { validate: (v) => check.firstName(v ?? '') }),
            { testId: 'field-firstName' },
          )}
          {field(
            'lastName',
            t('fields.lastName'),
            text(person.lastName, { validate: (v) => check.lastName(v ?? '') }),
            { testId: 'field-lastName' },
          )}
        </SimpleGrid>
        {field('jobTitle', t('fields.jobTitle'), text(person.jobTitle), { testId: 'field-jobTitle' })}
        {field('linkedinHeadline', t('fields.linkedinHeadline'), text(person.linkedinHeadline))}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          {field(
            'language',
            t('fields.language'),
            { kind: 'select', value: person.language, options: withValue(places.languageOptions, person.language) },
            { display: places.languageName(person.language) },
          )}
          {field(
            'countryCode',
            t('fields.countryCode'),
            {
              kind: 'select',
              value: person.countryCode,
              options: withValue(places.countryOptions, person.countryCode),
            },
            { display: places.countryName(person.countryCode) },
          )}
        </SimpleGrid>
      </Section>

      <Section title={t('info.contact')}>
        {field(
          'email',
          t('fields.email'),
          text(person.email, { inputType: 'email', validate: (v) => check.email(v ?? '') }),
          { testId: 'field-email' },
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          {field('phone', t('fields.phone'), text(person.phone, { inputType: 'tel' }), { testId: 'field-phone' })}
          {field('mobile', t('fields.mobile'), text(person.mobile, { inputType: 'tel' }), { testId: 'field-mobile' })}
        </SimpleGrid>
        {field(
          'personalEmail',
          t('fields.personalEmail'),
          text(person.personalEmail, { inputType: 'email', validate: (v) => check.personalEmail(v ?? '') }),
        )}
        {field(
          'linkedinUrl',
          t('fields.linkedinUrl'),
          text(person.linkedinUrl, { inputType: 'url', validate: (v) => check.linkedinUrl(v ?? '') }),
        )}
        {field(
          'linkedinConnectedOn',
          t('fields.linkedinConnectedOn'),
          { kind: 'date', value: person.linkedinConnectedOn },
          { display: person.linkedinConnectedOn ? fmt.date(person.linkedinConnectedOn) : null },
        )}
      </Section>

      <Section title={t('info.followUp')}>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          {field(
            'ownerId',
            t('fields.owner'),
            { kind: 'select', value: person.ownerId, options: owners },
            { display: userName(person.ownerId) },
          )}
          {field('source', t('fields.source'), {
            kind: 'select',
            value: person.source,
            options: SOURCES.map((s) => ({ value: s, label: tc(`enums.source.${s}`) })),
            clearable: true,
          })}
        </SimpleGrid>
        {field('isActive', t('fields.isActive'), { kind: 'boolean', value: person.isActive })}
        {field('notes', t('fields.notes'), { kind: 'textarea', value: person.notes })}
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <ReadOnly label={t('fields.lastActivityAt')} value={fmt.dateTime(person.lastActivityAt)} />
          <ReadOnly label={t('fields.createdAt')} value={fmt.dateTime(person.createdAt)} />
          <ReadOnly label={t('fields.updatedAt')} value={fmt.dateTime(person.updatedAt)} />
        </SimpleGrid>
      </Section>

      <Section title={t('info.privacy')}>
        {field('legalBasis', t('fields.legalBasis'), {
          kind: 'select',
          value: person.legalBasis,
          options: LEGAL_BASES.map((b) => ({ value: b, label: t(`legalBasis.${b}`) })),
        })}
        {field(
          'consent',
          t('fields.consent'),
          { kind: 'boolean', value: person.consent },
          { hint: person.consentAt ? t('info.consentAt', { date: fmt.date(person.consentAt) }) : undefined },
        )}
        {field('marketingOptOut', t('fields.marketingOptOut'), { kind: 'boolean', value: person.marketingOptOut })}
        {field('recordingOptOut', t('fields.recordingOptOut'), { kind: 'boolean', value: person.recordingOptOut })}
        {field('dataSource', t('fields.dataSource'), text(person.dataSource))}
        {person.anonymisedAt && (
          <Text size="sm" c="dimmed">
            {t('info.anonymisedAt', { date: fmt.dateTime(person.anonymisedAt) })}
          </Text>
        )}
      </Section>
    </SimpleGrid>
  );
}

function ReadOnly({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Stack>
  );
}
