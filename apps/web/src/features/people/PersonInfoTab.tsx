import { LEGAL_BASES, SOURCES } from '@crm/contracts';
import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { type Person, type PersonPatch, useUpdatePerson } from './api.ts';
import { InlineField, InlineSwitch } from './InlineField.tsx';
import { usePlaces, withValue } from './options.ts';

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
  const { userOptions, userName } = useDirectory();
  const update = useUpdatePerson(person.id);
  const save = (field: keyof PersonPatch) => (value: string | boolean | null) =>
    update.mutateAsync({ [field]: value } as PersonPatch);
  const ro = readOnly || !!person.anonymisedAt;

  const owners =
    person.ownerId && !userOptions.some((o) => o.value === person.ownerId)
      ? [{ value: person.ownerId, label: userName(person.ownerId) }, ...userOptions]
      : userOptions;

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Section title={t('info.identity')}>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <InlineField
            kind="text"
            required
            label={t('fields.firstName')}
            value={person.firstName}
            onSave={save('firstName')}
            readOnly={ro}
            testId="field-firstName"
          />
          <InlineField
            kind="text"
            required
            label={t('fields.lastName')}
            value={person.lastName}
            onSave={save('lastName')}
            readOnly={ro}
            testId="field-lastName"
          />
        </SimpleGrid>
        <InlineField
          kind="text"
          label={t('fields.jobTitle')}
          value={person.jobTitle}
          onSave={save('jobTitle')}
          readOnly={ro}
          testId="field-jobTitle"
        />
        <InlineField
          kind="text"
          label={t('fields.linkedinHeadline')}
          value={person.linkedinHeadline}
          onSave={save('linkedinHeadline')}
          readOnly={ro}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <InlineField
            kind="select"
            label={t('fields.language')}
            value={person.language}
            display={places.languageName(person.language)}
            options={withValue(places.languageOptions, person.language)}
            onSave={save('language')}
            readOnly={ro}
          />
          <InlineField
            kind="select"
            label={t('fields.countryCode')}
            value={person.countryCode}
            display={places.countryName(person.countryCode)}
            options={withValue(places.countryOptions, person.countryCode)}
            onSave={save('countryCode')}
            readOnly={ro}
          />
        </SimpleGrid>
      </Section>

      <Section title={t('info.contact')}>
        <InlineField
          kind="text"
          type="email"
          label={t('fields.email')}
          value={person.email}
          onSave={save('email')}
          readOnly={ro}
          testId="field-email"
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <InlineField
            kind="text"
            type="tel"
            label={t('fields.phone')}
            value={person.phone}
            onSave={save('phone')}
            readOnly={ro}
            testId="field-phone"
          />
          <InlineField
            kind="text"
            type="tel"
            label={t('fields.mobile')}
            value={person.mobile}
            onSave={save('mobile')}
            readOnly={ro}
            testId="field-mobile"
          />
        </SimpleGrid>
        <InlineField
          kind="text"
          type="email"
          label={t('fields.personalEmail')}
          value={person.personalEmail}
          onSave={save('personalEmail')}
          readOnly={ro}
        />
        <InlineField
          kind="text"
          type="url"
          label={t('fields.linkedinUrl')}
          value={person.linkedinUrl}
          onSave={save('linkedinUrl')}
          readOnly={ro}
        />
      </Section>

      <Section title={t('info.followUp')}>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <InlineField
            kind="select"
            label={t('fields.owner')}
            value={person.ownerId}
            display={userName(person.ownerId)}
            options={owners}
            onSave={save('ownerId')}
            readOnly={ro}
          />
          <InlineField
            kind="select"
            clearable
            label={t('fields.source')}
            value={person.source}
            options={SOURCES.map((s) => ({ value: s, label: tc(`enums.source.${s}`) }))}
            onSave={save('source')}
            readOnly={ro}
          />
        </SimpleGrid>
        <InlineSwitch label={t('fields.isActive')} checked={person.isActive} onSave={save('isActive')} readOnly={ro} />
        <InlineField
          kind="textarea"
          label={t('fields.notes')}
          value={person.notes}
          onSave={save('notes')}
          readOnly={ro}
        />
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <ReadOnly label={t('fields.lastActivityAt')} value={fmt.dateTime(person.lastActivityAt)} />
          <ReadOnly label={t('fields.createdAt')} value={fmt.dateTime(person.createdAt)} />
          <ReadOnly label={t('fields.updatedAt')} value={fmt.dateTime(person.updatedAt)} />
        </SimpleGrid>
      </Section>

      <Section title={t('info.privacy')}>
        <InlineField
          kind="select"
          label={t('fields.legalBasis')}
          value={person.legalBasis}
          options={LEGAL_BASES.map((b) => ({ value: b, label: t(`legalBasis.${b}`) }))}
          onSave={save('legalBasis')}
          readOnly={ro}
        />
        <InlineSwitch
          label={t('fields.consent')}
          description={person.consentAt ? t('info.consentAt', { date: fmt.date(person.consentAt) }) : undefined}
          checked={person.consent}
          onSave={save('consent')}
          readOnly={ro}
        />
        <InlineSwitch
          label={t('fields.marketingOptOut')}
          checked={person.marketingOptOut}
          onSave={save('marketingOptOut')}
          readOnly={ro}
        />
        <InlineSwitch
          label={t('fields.recordingOptOut')}
          checked={person.recordingOptOut}
          onSave={save('recordingOptOut')}
          readOnly={ro}
        />
        <InlineField
          kind="text"
          label={t('fields.dataSource')}
          value={person.dataSource}
          onSave={save('dataSource')}
          readOnly={ro}
        />
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
