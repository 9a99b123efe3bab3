import { ENUM_LABELS_FR } from '@crm/contracts';
import { describe, expect, it } from 'vitest';
import { fr } from './fr.ts';
import { problemsFr } from './problems.fr.ts';

/**
 * The French typography of every text the app shows, so it cannot drift back: the typographic apostrophe (’, never
 * the straight ' between letters) and a narrow no-break space (U+202F) before ; : ! ? and inside « », never an
 * ordinary space (a line could break before the mark) nor a missing one (a colon may touch a word: French text quotes
 * code such as « Authorization: Bearer »). The French resources: the shared strings,
 * the problem texts, the code lists' names and each feature's namespace (every `features/*\/i18n.fr.ts`, `records`).
 */
const featureMessages = import.meta.glob<{ fr: object }>(['../../features/*/i18n.fr.ts', '../../records/i18n.fr.ts'], {
  eager: true,
});

/** Every string of a resource, keyed by its path (`people.merge.title`). */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value)) yield* strings(child, path ? `${path}.${key}` : key);
}

const resources: [string, unknown][] = [
  ['translation', fr],
  ['problems', problemsFr],
  ['enumLabels', ENUM_LABELS_FR],
  ...Object.entries(featureMessages).map(([file, m]) => [file.split('/').at(-2) as string, m.fr] as [string, unknown]),
];

const NNBSP = '\u202F';

/** What is wrong with one French text, in words; [] when it reads right. */
function typographyProblems(text: string): string[] {
  const problems: string[] = [];
  if (/\p{L}'[\p{L}{]/u.test(text)) problems.push('straight apostrophe');
  if (/[ \u00A0][;:!?]/.test(text)) problems.push('ordinary space before ; : ! ?');
  if (/«[ \u00A0]|[ \u00A0]»/.test(text)) problems.push('ordinary space inside « »');
  if (/[\p{L}\d)»}][;!?]/u.test(text)) problems.push('no space before ; ! ?');
  if (/«\S|\S»/.test(text)) problems.push('no space inside « »');
  return problems;
}

describe('French typography', () => {
  it('the checks catch what they name', () => {
    expect(typographyProblems("Vous n'avez pas les droits")).toEqual(['straight apostrophe']);
    expect(typographyProblems("Passer à l'{{stage}}")).toEqual(['straight apostrophe']);
    expect(typographyProblems('Ville : modification enregistrée')).toEqual(['ordinary space before ; : ! ?']);
    expect(typographyProblems('Supprimer ?')).toEqual(['ordinary space before ; : ! ?']);
    expect(typographyProblems('Supprimer?')).toEqual(['no space before ; ! ?']);
    expect(typographyProblems('Vider « Tout »')).toEqual(['ordinary space inside « »']);
    expect(typographyProblems(`Vider «Tout${NNBSP}»`)).toEqual(['no space inside « »']);
    // Right: ’, the narrow no-break space, and colons that are no punctuation (a URL, an hour).
    expect(typographyProblems(`Vous n’avez pas les droits${NNBSP}: demandez-les${NNBSP}!`)).toEqual([]);
    expect(typographyProblems(`«${NNBSP}{{name}}${NNBSP}» dépasse 20 Mo${NNBSP}; https://exemple.fr à 9:30`)).toEqual(
      [],
    );
  });

  it('every French text of the app follows them', () => {
    const found: string[] = [];
    let count = 0;
    for (const [namespace, resource] of resources)
      for (const [key, text] of strings(resource, namespace)) {
        count++;
        for (const problem of typographyProblems(text)) found.push(`${key}: ${problem}: ${text}`);
      }
    expect(count).toBeGreaterThan(1500);
    expect(found).toEqual([]);
  });
});
