import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { strictSchema, unknownKeyPaths } from './strict-schema.ts';

const issuesOf = (schema: z.ZodType, input: unknown) => {
  const r = strictSchema(schema).safeParse(input);
  if (r.success) throw new Error('expected a failure');
  return r.error.issues;
};

describe('strictSchema', () => {
  const schema = z
    .object({
      name: z.string(),
      patch: z.object({ tier: z.number().optional() }).optional(),
      items: z.array(z.object({ id: z.string() })).default([]),
      when: z.union([z.object({ until: z.string() }), z.object({ days: z.number() })]).optional(),
      headers: z.record(z.string(), z.string()).optional(),
      extra: z.looseObject({ kind: z.string() }).optional(),
    })
    .transform((v) => ({ ...v, seen: true }));

  it('keeps what the schema accepts, transforms included', () => {
    const input = { name: 'a', headers: { 'X-Any': '1' }, extra: { kind: 'k', more: 1 } };
    expect(strictSchema(schema).parse(input)).toEqual({ ...input, items: [], seen: true });
  });

  it('refuses unknown keys at every depth, and names each', () => {
    const issues = issuesOf(schema, {
      name: 'a',
      zz: 1,
      patch: { tier: 1, colour: 'red' },
      items: [{ id: 'x', y: 2 }],
      when: { days: 1, hours: 2 },
    });
    expect(
      unknownKeyPaths(issues)
        ?.map((p) => p.join('.'))
        .sort(),
    ).toEqual(['items.0.y', 'patch.colour', 'when.hours', 'zz']);
  });

  it('leaves records, loose objects and the original schema alone', () => {
    expect(schema.parse({ name: 'a', zz: 1 })).not.toHaveProperty('zz');
    expect(strictSchema(z.record(z.string(), z.number())).parse({ any: 1 })).toEqual({ any: 1 });
    const loose = z.looseObject({ a: z.string() });
    expect(strictSchema(loose)).toBe(loose);
  });

  it('says null when something else than unknown keys is wrong', () => {
    expect(unknownKeyPaths(issuesOf(schema, { zz: 1 }))).toBeNull();
  });
});
