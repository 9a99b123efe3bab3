import { describe, expect, it } from 'vitest';
import {
  groupVariables,
  insertAt,
  isAllowedHref,
  isVariableHref,
  unknownVariables,
  variablesIn,
  variableToken,
} from './variables.ts';

describe('inserting a variable in a text field', () => {
  const token = variableToken('contact.firstName');

  it('goes at the caret, and the caret after it', () => {
    expect(insertAt('Bonjour , voici', 8, 8, token)).toEqual({
      value: 'Bonjour {{ contact.firstName }}, voici',
      caret: 8 + token.length,
    });
  });

  it('replaces the selected words', () => {
    const r = insertAt('Bonjour NOM !', 8, 11, token);
    expect(r.value).toBe('Bonjour {{ contact.firstName }} !');
    expect(r.value.slice(r.caret)).toBe(' !');
  });

  it('keeps a space from the word before, not after punctuation or at the start', () => {
    expect(insertAt('Bonjour', 7, 7, token).value).toBe('Bonjour {{ contact.firstName }}');
    expect(insertAt('(', 1, 1, token).value).toBe('({{ contact.firstName }}');
    expect(insertAt('', 0, 0, token)).toEqual({ value: token, caret: token.length });
  });

  it('appends when the field was never focused, and clamps positions out of range', () => {
    expect(insertAt('Invitation', null, null, token).value).toBe('Invitation {{ contact.firstName }}');
    expect(insertAt('ab', 10, 20, 'X').value).toBe('ab X');
    expect(insertAt('ab', 2, 1, 'X').value).toBe('ab X');
  });
});

describe('variables a text uses', () => {
  it('reads the variable of each output, filters and whitespace control aside, once each', () => {
    expect(
      variablesIn(
        '<p>{{ contact.firstName }} {{contact.lastName|upcase}} {{- organisation.name -}} {{ contact.firstName }}</p>',
      ),
    ).toEqual(['contact.firstName', 'contact.lastName', 'organisation.name']);
  });

  it('leaves literals and names the template defines itself', () => {
    expect(variablesIn('{{ "Madame" }} {{ 3 }} {% assign civ = "M." %}{{ civ }}')).toEqual([]);
    expect(variablesIn('{% for f in funds %}{{ f.name }}{% endfor %}{% capture x %}a{% endcapture %}{{ x }}')).toEqual(
      [],
    );
  });

  it('finds the unknown ones against the server’s list', () => {
    const known = ['contact.firstName', 'unsubscribeUrl'];
    expect(unknownVariables('Bonjour {{ contact.prenom }}, {{ contact.firstName }}', known)).toEqual([
      'contact.prenom',
    ]);
    expect(unknownVariables('<a href="{{ unsubscribeUrl }}">x</a>', known)).toEqual([]);
  });
});

describe('links', () => {
  it('an address that is one variable is kept', () => {
    expect(isVariableHref('{{ unsubscribeUrl }}')).toBe(true);
    expect(isVariableHref('{{unsubscribeUrl}}')).toBe(true);
    expect(isVariableHref('https://x.fr/{{ contact.email }}')).toBe(false);
    expect(isAllowedHref('{{ preferencesUrl }}')).toBe(true);
  });

  it('the server’s schemes only', () => {
    for (const ok of ['https://exemple.fr', 'http://exemple.fr/a?b=c', 'mailto:a@b.fr', 'tel:+33100000000', '/page'])
      expect(isAllowedHref(ok), ok).toBe(true);
    for (const ko of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,x', '//evil.example', ''])
      expect(isAllowedHref(ko), ko).toBe(false);
  });
});

describe('the variables menu', () => {
  it('groups contact, organisation, sender and company, links; in the server’s order', () => {
    const groups = groupVariables(
      ['contact.firstName', 'organisation.name', 'sender.name', 'company.name', 'unsubscribeUrl', 'contact.email'].map(
        (name) => ({ name }),
      ),
    );
    expect(groups.map((g) => [g.group, g.items.map((i) => i.name)])).toEqual([
      ['contact', ['contact.firstName', 'contact.email']],
      ['organisation', ['organisation.name']],
      ['sender', ['sender.name', 'company.name']],
      ['links', ['unsubscribeUrl']],
    ]);
  });
});
