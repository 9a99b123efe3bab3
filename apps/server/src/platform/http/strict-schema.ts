import { z } from 'zod';
import { type $ZodIssue, type $ZodType, util } from 'zod/v4/core';

/**
 * Strict input (docs/ARCHITECTURE.md "Errors"): a request's query and JSON body may name only what their schema
 * names. `strictSchema(schema)` is the same schema with every object that strips unknown keys (`z.object`, Zod's
 * default) made strict (`z.strictObject`), however deep: inside arrays, unions, optional/nullable/default wrappers and
 * the input side of a pipe (`.transform`, `z.preprocess`). What is open on purpose stays open: records (`z.record`,
 * e.g. webhook headers, an import's mapping), objects with a catch-all (`z.looseObject`, `.catchall()`), and
 * intersections (each side would refuse the other's keys). The routes keep their schemas: only validation uses the
 * strict copy, so the OpenAPI document and its component names are unchanged.
 */
type Def = Record<string, unknown> & { type: string };

const defOf = (s: $ZodType) => s._zod.def as unknown as Def;
const strictCache = new WeakMap<$ZodType, $ZodType>();

export function strictSchema<T extends $ZodType>(schema: T): T {
  const cached = strictCache.get(schema);
  if (cached) return cached as T;
  const strict = makeStrict(schema);
  strictCache.set(schema, strict);
  return strict as T;
}

/** `schema` with `def` changed, or `schema` itself when nothing changed (so unchanged parts are shared). */
function withDef(schema: $ZodType, def: Def, changed: boolean): $ZodType {
  return changed ? util.clone(schema, def as unknown as $ZodType['_zod']['def']) : schema;
}

function makeStrict(schema: $ZodType): $ZodType {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, $ZodType>;
      const strictShape: Record<string, $ZodType> = {};
      let changed = def.catchall === undefined;
      for (const [key, value] of Object.entries(shape)) {
        strictShape[key] = strictSchema(value);
        if (strictShape[key] !== value) changed = true;
      }
      const catchall = def.catchall === undefined ? z.never() : def.catchall;
      return withDef(schema, { ...def, shape: strictShape, catchall }, changed);
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch': {
      const inner = strictSchema(def.innerType as $ZodType);
      return withDef(schema, { ...def, innerType: inner }, inner !== def.innerType);
    }
    case 'array': {
      const element = strictSchema(def.element as $ZodType);
      return withDef(schema, { ...def, element }, element !== def.element);
    }
    case 'union': {
      const options = (def.options as $ZodType[]).map(strictSchema);
      return withDef(
        schema,
        { ...def, options },
        options.some((o, i) => o !== (def.options as $ZodType[])[i]),
      );
    }
    case 'tuple': {
      const items = (def.items as $ZodType[]).map(strictSchema);
      const rest = def.rest ? strictSchema(def.rest as $ZodType) : def.rest;
      const changed = rest !== def.rest || items.some((o, i) => o !== (def.items as $ZodType[])[i]);
      return withDef(schema, { ...def, items, rest }, changed);
    }
    case 'record': {
      const valueType = strictSchema(def.valueType as $ZodType);
      return withDef(schema, { ...def, valueType }, valueType !== def.valueType);
    }
    case 'pipe': {
      // What the client sends meets `in`; with z.preprocess (`in` is a bare transform) it meets `out` as well.
      const input = strictSchema(def.in as $ZodType);
      const preprocessed = defOf(def.in as $ZodType).type === 'transform';
      const out = preprocessed ? strictSchema(def.out as $ZodType) : (def.out as $ZodType);
      return withDef(schema, { ...def, in: input, out }, input !== def.in || out !== def.out);
    }
    case 'lazy': {
      const getter = def.getter as () => $ZodType;
      return withDef(schema, { ...def, getter: () => strictSchema(getter()) }, true);
    }
    default:
      return schema;
  }
}

/**
 * The paths of the unknown keys a strict parse found (`['patch', 'colour']`), when they are all it found; null when
 * the issues hold anything else. In a union, the first option that failed for unknown keys only is the one the
 * client meant (the one the non-strict schema accepted).
 */
export function unknownKeyPaths(issues: readonly $ZodIssue[], base: PropertyKey[] = []): PropertyKey[][] | null {
  const paths: PropertyKey[][] = [];
  for (const issue of issues) {
    const at = [...base, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) paths.push([...at, key]);
    } else if (issue.code === 'invalid_union') {
      const branch = issue.errors.map((e) => unknownKeyPaths(e, at)).find((p) => p !== null && p.length > 0);
      if (!branch) return null;
      paths.push(...branch);
    } else {
      return null;
    }
  }
  return paths;
}
