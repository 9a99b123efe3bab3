/**
 * validate.ts: it passes on the committed app and catches the mistakes it exists for (each edit below is made on a
 * copy of the app).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAKE_APP_DIR, validateMakeApp } from './validate.ts';

type Json = Record<string, unknown>;
describe('validate.ts', () => {
  it('finds no problem in the committed app', () => {
    const r = validateMakeApp();
    expect(r.problems).toEqual([]);
    expect(r.checks).toBeGreaterThan(500);
  });

  /** Validates a copy of the app after `edit`; returns its problems. */
  const problemsAfter = (edit: (path: (rel: string) => string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'make-app-'));
    try {
      for (const p of ['makecomapp.json', 'README.md', 'general', 'connections', 'webhooks', 'modules', 'rpcs']) {
        cpSync(join(MAKE_APP_DIR, p), join(dir, p), { recursive: true });
      }
      edit((rel) => join(dir, rel));
      return validateMakeApp(dir).problems.join('\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const editJson = (file: string, change: (j: Json & Json[]) => void) => {
    const j = JSON.parse(readFileSync(file, 'utf8'));
    change(j);
    writeFileSync(file, JSON.stringify(j));
  };
  const contact = 'modules/create-contact/create-contact';

  it.each([
    [
      'a body field the server contract does not have (a renamed field)',
      (at: (r: string) => string) =>
        editJson(at(`${contact}.communication.iml.json`), (j) => {
          const body = j.body as Json;
          body.givenName = body.firstName;
          delete body.firstName;
        }),
      'givenName is not a field of POST /api/v1/people',
    ],
    [
      'select options that differ from packages/contracts/src/domain.ts',
      (at: (r: string) => string) =>
        editJson(at('modules/create-deal/create-deal.mappable-params.iml.json'), (j) => {
          const stage = j.find((p) => p.name === 'stage') as { options: unknown[] };
          stage.options.pop();
        }),
      'the options of stage must be',
    ],
    [
      'a required contract field sent from an optional parameter',
      (at: (r: string) => string) =>
        editJson(at(`${contact}.mappable-params.iml.json`), (j) => {
          (j.find((p) => p.name === 'lastName') as Json).required = false;
        }),
      'lastName is required by the contract',
    ],
    [
      'a parameter of a type the field does not take',
      (at: (r: string) => string) =>
        editJson(at('modules/log-interaction/log-interaction.mappable-params.iml.json'), (j) => {
          (j.find((p) => p.name === 'durationMinutes') as Json).type = 'text';
        }),
      'parameter durationMinutes (text) cannot fill durationMinutes',
    ],
    [
      'an interface field the answer does not have',
      (at: (r: string) => string) =>
        editJson(at('modules/find-organisation/find-organisation.interface.iml.json'), (j) => {
          j.push({ name: 'score', type: 'number', label: 'Score' });
        }),
      'score is not a field of the answer',
    ],
    [
      'an attach that does not keep the hook id for detach',
      (at: (r: string) => string) =>
        editJson(at('webhooks/hook-new-contact/hook-new-contact.attach.iml.json'), (j) => {
          delete j.response;
        }),
      'response.data.externalHookId',
    ],
    [
      'IML that the emulation does not know',
      (at: (r: string) => string) =>
        editJson(at('modules/update-contact/update-contact.communication.iml.json'), (j) => {
          j.url = '/api/v1/people/{{trim(parameters.id)}}';
        }),
      'IML function not emulated: trim()',
    ],
    [
      'a listed file that is missing',
      (at: (r: string) => string) => unlinkSync(at('modules/find-contact/find-contact.samples.iml.json')),
      'find-contact.samples.iml.json is listed in makecomapp.json but does not exist',
    ],
    [
      'a component file makecomapp.json does not list',
      (at: (r: string) => string) => writeFileSync(at('rpcs/list-people/extra.iml.json'), '{}'),
      'rpcs/list-people/extra.iml.json is not listed',
    ],
  ])('flags %s', (_what, edit, expected) => {
    expect(problemsAfter(edit)).toContain(expected);
  });
});
