import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { type ImlRoot, imlPathsIn } from './iml.ts';
import type { Param } from './make-schemas.ts';
import { type Kind, kindsOf } from './zod-kinds.ts';

/** Collects the outcome of every check: how many ran, and a sentence for each that failed. */
export class Checker {
  checks = 0;
  readonly problems: string[] = [];

  constructor(readonly dir: string) {}

  ok(condition: unknown, problem: string): boolean {
    this.checks++;
    if (!condition) this.problems.push(problem);
    return Boolean(condition);
  }

  /** Reads a JSON file of the app (a path relative to its folder); undefined and a problem when it cannot. */
  readJson(rel: string, where: string): unknown {
    const path = join(this.dir, rel);
    if (!this.ok(existsSync(path), `${where}: ${rel} is listed in makecomapp.json but does not exist`))
      return undefined;
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      this.ok(false, `${where}: ${rel} is not valid JSON (${(e as Error).message})`);
      return undefined;
    }
  }

  /** Parses with a Zod schema; undefined and one problem per issue when it does not fit. */
  parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> | undefined {
    if (value === undefined) return undefined;
    const r = schema.safeParse(value);
    this.ok(
      r.success,
      `${where}: ${r.error?.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
    return r.success ? r.data : undefined;
  }

  /** Parses every IML template of a value and checks that it reads only the given roots. */
  imlRoots(value: unknown, allowed: ImlRoot[], where: string): Array<{ root: ImlRoot; keys: string[] }> {
    try {
      const paths = imlPathsIn(value);
      for (const p of paths) {
        this.ok(
          allowed.includes(p.root),
          `${where}: {{${p.root}...}} is not available here (only ${allowed.join(', ')})`,
        );
      }
      return paths;
    } catch (e) {
      this.ok(false, `${where}: ${(e as Error).message}`);
      return [];
    }
  }
}

/** Make parameter types and the field kinds of a contract they can fill. */
const PARAM_KINDS: Partial<Record<Param['type'], Kind[]>> = {
  text: ['string'],
  email: ['string'],
  url: ['string'],
  password: ['string'],
  uuid: ['string'],
  date: ['string', 'date'],
  number: ['number'],
  integer: ['number'],
  uinteger: ['number'],
  boolean: ['boolean'],
  array: ['array'],
  collection: ['object'],
};

/** Make interface types and the field kinds of an answer they can show. */
const INTERFACE_KINDS: Partial<Record<Param['type'], Kind[]>> = {
  text: ['string', 'enum'],
  date: ['date', 'string'],
  number: ['number'],
  boolean: ['boolean'],
  array: ['array'],
  collection: ['object'],
};

/** Whether a parameter can fill a contract field (selects: by their options' values). */
export function paramFits(param: Param, field: z.ZodType): boolean {
  const kinds = kindsOf(field);
  if (param.type === 'select') {
    if (typeof param.options === 'string') return kinds.has('string');
    const values = param.options ?? [];
    if (values.every((o) => typeof o.value === 'number')) return kinds.has('number');
    return kinds.has('enum') || kinds.has('string');
  }
  return (PARAM_KINDS[param.type] ?? []).some((k) => kinds.has(k));
}

export function interfaceFits(field: Param, answer: z.ZodType): boolean {
  const kinds = kindsOf(answer);
  return (INTERFACE_KINDS[field.type] ?? []).some((k) => kinds.has(k));
}

/** `{{parameters.x}}` alone in a string: the name x; otherwise undefined. */
export function soleParameter(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^\{\{\s*parameters\.([A-Za-z][A-Za-z0-9_]*)\s*\}\}$/.exec(value)?.[1];
}

export function hasTemplate(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes('{{');
}
