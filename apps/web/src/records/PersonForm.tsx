import { LEGAL_BASES, SOURCES } from '@crm/contracts';
import { Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useDirectory } from '../app/directory.ts';
import { fieldProblem } from '../ui/ProblemAlert.tsx';
import type { Person, PersonPatch } from './person.ts';
import { usePlaces, withValue } from './places.ts';

export interface PersonFormValues {
  firstName: string;
  lastName: string;
  email: string;
  personalEmail: string;
  phone: string;
  mobile: string;
  jobTitle: string;
  linkedinUrl: string;
  language: string;
  countryCode: string;
  source: string | null;
  ownerId: string | null;
  legalBasis: string;
  consent: boolean;
  marketingOptOut: boolean;
}

export function emptyPersonValues(ownerId: string | null): PersonFormValues {
  return {
    firstName: '',
    lastName: '',
    email: '',
    personalEmail: '',
    phone: '',
    mobile: '',
    jobTitle: '',
    linkedinUrl: '',
    language: 'FR',
    countryCode: 'FR',
    source: null,
    ownerId,
    legalBasis: 'interet_legitime',
    consent: false,
    marketingOptOut: false,
  };
}

export function personValues(p: Person): PersonFormValues {
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    email: p.email ?? '',
    personalEmail: p.personalEmail ?? '',
    phone: p.phone ?? '',
    mobile: p.mobile ?? '',
    jobTitle: p.jobTitle ?? '',
    linkedinUrl: p.linkedinUrl ?? '',
    language: p.language,
    countryCode: p.countryCode,
    source: p.source,
    ownerId: p.ownerId,
    legalBasis: p.legalBasis,
    consent: p.consent,
    marketingOptOut: p.marketingOptOut,
  };
}

const TEXT_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'personalEmail',
  'phone',
  'mobile',
  'jobTitle',
  'linkedinUrl',
] as const;

/** The body for the API: trimmed texts, empty texts as null; only the fields that differ from `before`. */
export function toPersonBody(values: PersonFormValues, before?: PersonFormValues): PersonPatch {
  const body: Record<string, unknown> = {};
  for (const k of TEXT_FIELDS) {
    const v = values[k].trim();
    body[k] = v === '' ? null : v;
  }
  body.language = values.language;
  body.countryCode = values.countryCode;
  body.source = values.source || null;
  if (values.ownerId) body.ownerId = values.ownerId;
  body.legalBasis = values.legalBasis;
  body.consent = values.consent;
  body.marketingOptOut = values.marketingOptOut;
  if (before) {
    const old = toPersonBody(before) as Record<string, unknown>;
    for (const k of Object.keys(body)) if (body[k] === old[k]) delete body[k];
  }
  return body as PersonPatch;
}

/** Client-side checks (the API checks again and its messages are shown too). */
export function usePersonValidation() {
  const { t } = useTranslation('people');
  const email = (v: string) =>
    v.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? t('form.invalidEmail') : null;
  return {
    firstName: (v: string) => (v.trim() ? null : t('form.required')),
    lastName: (v: string) => (v.trim() ? null : t('form.required')),
    email,
    personalEmail: email,
    linkedinUrl: (v: string) => (v.trim() && !/^https?:\/\/\S+$/i.test(v.trim()) ? t('form.invalidUrl') : null),
  };
}

/** Puts the API's field errors (`body.email` …) on the form's inputs; true when there were some. */
export function applyApiErrors(form: UseFormReturnType<PersonFormValues>, error: unknown): boolean {
  if (!(error instanceof ApiError) || error.fields.length === 0) return false;
  const errors: Record<string, string> = {};
  for (const f of error.fields) {
    const key = f.path.replace(/^body\./, '');
    if (key in form.values) errors[key] = fieldProblem(f);
  }
  form.setErrors(errors);
  return Object.keys(errors).length > 0;
}

/** The inputs of a contact, shared by the create and edit forms. */
export function PersonFields({
  form,
  more,
}: {
  form: UseFormReturnType<PersonFormValues>;
  /** Also the less common fields (personal e-mail, LinkedIn, RGPD). */
  more: boolean;
}) {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const { userOptions, userName } = useDirectory();
  const owner = form.values.ownerId;
  const owners =
    owner && !userOptions.some((o) => o.value === owner)
      ? [{ value: owner, label: userName(owner) }, ...userOptions]
      : userOptions;
  const places = usePlaces();
  const groups = places.countryGroups({ frequent: t('form.frequentCountries'), all: t('form.allCountries') });
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label={t('fields.firstName')} withAsterisk data-autofocus {...form.getInputProps('firstName')} />
        <TextInput label={t('fields.lastName')} withAsterisk {...form.getInputProps('lastName')} />
        <TextInput label={t('fields.email')} type="email" {...form.getInputProps('email')} />
        <TextInput label={t('fields.jobTitle')} {...form.getInputProps('jobTitle')} />
        <TextInput label={t('fields.phone')} type="tel" {...form.getInputProps('phone')} />
        <TextInput label={t('fields.mobile')} type="tel" {...form.getInputProps('mobile')} />
        <Select
          label={t('fields.language')}
          data={withValue(places.languageOptions, form.values.language)}
          searchable
          allowDeselect={false}
          {...form.getInputProps('language')}
        />
        <Select
          label={t('fields.countryCode')}
          data={
            places.countryOptions.some((o) => o.value === form.values.countryCode)
              ? groups
              : withValue(places.countryOptions, form.values.countryCode)
          }
          searchable
          allowDeselect={false}
          {...form.getInputProps('countryCode')}
        />
        <Select
          label={t('fields.source')}
          data={SOURCES.map((s) => ({ value: s, label: tc(`enums.source.${s}`) }))}
          clearable
          clearButtonProps={{ 'aria-label': t('form.clear') }}
          {...form.getInputProps('source')}
        />
        <Select
          label={t('fields.owner')}
          data={owners}
          searchable
          allowDeselect={false}
          {...form.getInputProps('ownerId')}
        />
      </SimpleGrid>
      {more && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('fields.personalEmail')} type="email" {...form.getInputProps('personalEmail')} />
          <TextInput
            label={t('fields.linkedinUrl')}
            type="url"
            placeholder="https://www.linkedin.com/in/…"
            {...form.getInputProps('linkedinUrl')}
          />
          <Select
            label={t('fields.legalBasis')}
            data={LEGAL_BASES.map((b) => ({ value: b, label: t(`legalBasis.${b}`) }))}
            allowDeselect={false}
            {...form.getInputProps('legalBasis')}
          />
          <Stack gap="xs" justify="flex-end">
            <Switch label={t('fields.consent')} {...form.getInputProps('consent', { type: 'checkbox' })} />
            <Switch
              label={t('fields.marketingOptOut')}
              {...form.getInputProps('marketingOptOut', { type: 'checkbox' })}
            />
          </Stack>
        </SimpleGrid>
      )}
    </Stack>
  );
}
