import { describe, expect, it } from 'vitest';
import {
  changes,
  copyName,
  createBody,
  emptyValues,
  isBlankBody,
  isDirty,
  matchesSearch,
  previewRequest,
  type TemplateValues,
  testRequest,
} from './draft.ts';

const values: TemplateValues = {
  name: ' Lancement du fonds ',
  locale: 'fr',
  subject: ' {{ contact.firstName }}, découvrez notre fonds ',
  preheader: ' Une minute de lecture ',
  bodyHtml: '<p>Bonjour {{ contact.firstName }}</p>',
};

describe('the draft → preview request', () => {
  it('sends the draft as it is, trimmed as the API stores it, with the contact when one is picked', () => {
    expect(previewRequest(values, 'p-1', '(sans objet)')).toEqual({
      personId: 'p-1',
      draft: {
        subject: '{{ contact.firstName }}, découvrez notre fonds',
        preheader: 'Une minute de lecture',
        bodyHtml: '<p>Bonjour {{ contact.firstName }}</p>',
        locale: 'fr',
      },
    });
  });

  it('without a contact: no personId (sample values)', () => {
    expect(previewRequest(values, null, '(sans objet)')).not.toHaveProperty('personId');
  });

  it('an empty subject previews as the mail clients show it; an empty body as an empty paragraph', () => {
    const r = previewRequest({ ...emptyValues('en'), bodyHtml: '' }, null, '(no subject)');
    expect(r.draft).toEqual({ subject: '(no subject)', preheader: '', bodyHtml: '<p></p>', locale: 'en' });
  });

  it('a test sends the same draft, with the real subject', () => {
    expect(testRequest(values, 'p-1')).toEqual(previewRequest(values, 'p-1', 'ignored'));
    expect(testRequest({ ...values, subject: '  ' }, null).draft?.subject).toBe('');
  });

  it('the same draft gives the same request (the preview is cached and debounced by it)', () => {
    expect(JSON.stringify(previewRequest({ ...values }, null, 'x'))).toBe(
      JSON.stringify(previewRequest(values, null, 'x')),
    );
  });
});

describe('saving', () => {
  it('a create sends every field, trimmed', () => {
    expect(createBody(values)).toEqual({
      name: 'Lancement du fonds',
      subject: '{{ contact.firstName }}, découvrez notre fonds',
      preheader: 'Une minute de lecture',
      bodyHtml: '<p>Bonjour {{ contact.firstName }}</p>',
      locale: 'fr',
    });
  });

  it('a save sends only what changed; spaces around a text are no change', () => {
    expect(changes(values, { ...values, name: 'Lancement du fonds' })).toEqual({});
    expect(isDirty(values, { ...values, subject: `${values.subject}  ` })).toBe(false);
    expect(changes(values, { ...values, locale: 'en', bodyHtml: '<p>Hello</p>' })).toEqual({
      locale: 'en',
      bodyHtml: '<p>Hello</p>',
    });
    expect(changes(values, { ...values, preheader: '' })).toEqual({ preheader: '' });
    expect(isDirty(values, { ...values, preheader: '' })).toBe(true);
  });

  it('a blank body is refused before the server does', () => {
    for (const blank of ['', '<p></p>', '<p><br></p>', '<h1> </h1><p>&nbsp;</p>', '<ul><li><p></p></li></ul>'])
      expect(isBlankBody(blank), blank).toBe(true);
    for (const full of ['<p>a</p>', '<p>{{ contact.firstName }}</p>', '<hr>'])
      expect(isBlankBody(full), full).toBe(false);
  });
});

describe('duplicating and searching', () => {
  const copy = (n: number) => (n === 1 ? '(copie)' : `(copie ${n})`);

  it('names a copy after the original, numbered past the names taken', () => {
    expect(copyName('Newsletter', [], copy)).toBe('Newsletter (copie)');
    expect(copyName('Newsletter', ['Newsletter (copie)'], copy)).toBe('Newsletter (copie 2)');
    expect(copyName('Newsletter (copie)', ['Newsletter (copie)'], copy)).toBe('Newsletter (copie 2)');
    expect(copyName('Lancement (FR)', [], copy)).toBe('Lancement (FR) (copie)');
  });

  it('keeps a copy’s name within the API’s 120 characters, and still different', () => {
    const long = 'x'.repeat(120);
    const first = copyName(long, [], copy);
    expect(first.length).toBeLessThanOrEqual(120);
    expect(first.endsWith('(copie)')).toBe(true);
    const second = copyName(long, [first], copy);
    expect(second).not.toBe(first);
    expect(second.length).toBeLessThanOrEqual(120);
  });

  it('searches names without case or accents', () => {
    expect(matchesSearch('Invitation – Événement Lyon', 'evenement')).toBe(true);
    expect(matchesSearch('Invitation', ' INVIT ')).toBe(true);
    expect(matchesSearch('Invitation', 'lancement')).toBe(false);
    expect(matchesSearch('Invitation', '')).toBe(true);
  });
});
