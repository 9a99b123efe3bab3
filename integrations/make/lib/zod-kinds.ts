import type { z } from 'zod';

/** What a Zod field accepts, reduced to the base kinds a Make parameter or interface type maps to. */
export type Kind = 'string' | 'number' | 'boolean' | 'enum' | 'array' | 'object' | 'date' | 'other';

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
}
const WRAPPERS = ['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional'];
const defOf = (t: z.ZodType) => (t as unknown as { _zod: { def: Def } })._zod.def;

/** Base kinds of a field: through optional, nullable, default, unions and pipes (transforms, preprocess). */
export function kindsOf(t: z.ZodType): Set<Kind> {
  const d = defOf(t);
  switch (d.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return kindsOf(d.innerType as z.ZodType);
    case 'pipe': {
      // z.preprocess(fn, schema) is a pipe from a transform: the schema is what counts; otherwise the input side.
      const input = d.in as z.ZodType;
      return defOf(input).type === 'transform' ? kindsOf(d.out as z.ZodType) : kindsOf(input);
    }
    case 'union':
      return new Set((d.options ?? []).flatMap((o) => [...kindsOf(o)]));
    case 'string':
    case 'number':
    case 'boolean':
    case 'enum':
    case 'array':
    case 'object':
    case 'date':
      return new Set([d.type]);
    default:
      return new Set(['other']);
  }
}

/** The values of the enum a field is (through wrappers), or undefined when it is not an enum. */
export function enumValuesOf(t: z.ZodType): Array<string | number> | undefined {
  const d = defOf(t);
  if (d.type === 'enum') return Object.values(d.entries ?? {});
  if (WRAPPERS.includes(d.type)) {
    return enumValuesOf(d.innerType as z.ZodType);
  }
  return undefined;
}

/** A field is required when the contract refuses it missing. */
export function isRequired(t: z.ZodType): boolean {
  return !t.safeParse(undefined).success;
}
