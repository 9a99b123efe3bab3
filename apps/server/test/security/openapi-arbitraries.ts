/**
 * fast-check arbitraries driven by the API's own OpenAPI document: for each operation, requests whose path
 * parameters, query strings and JSON bodies follow the declared schemas most of the time and carry hostile values
 * the rest of the time (NUL bytes, lone surrogates, huge strings and numbers, wrong types, deep nesting, unknown
 * keys, crafted cursors). Used by fuzz.security.ts.
 */
import fc from 'fast-check';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  jsonBody: JsonSchema | null;
  multipart: boolean;
}

export interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Every operation of the document, with its parameters and body schema. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        jsonBody: content['application/json']?.schema ?? null,
        multipart: 'multipart/form-data' in content,
      });
    }
  }
  return ops;
}

const HUGE = 'A'.repeat(100_000);

/** Strings an attacker tries in any text field. */
export const hostileStrings = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  HUGE,
  '',
  ' ',
  "'; drop table people; --",
  '%00',
  '../../../../etc/passwd',
  '\u202egnp.exe',
  '１２７．０．０．１',
  '<img src=x onerror=alert(1)>',
  '=cmd|" /C calc"!A0',
  'null',
  '-1',
  '1e308',
  '9223372036854775808',
  'NaN',
  '0x7f000001',
  'javascript:alert(1)',
  'http://[::127.0.0.1]/',
  '\r\nX-Injected: 1',
  'é'.repeat(5000),
];

export const hostileNumbers = [
  1e308,
  -1e308,
  2 ** 63,
  -(2 ** 63),
  2 ** 53 + 2,
  -0,
  0.000001,
  1e-320,
  1.2345678901234568e17,
  -1,
  0,
];

/** Crafted cursors: base64url JSON with values of the wrong type, ids that are not UUIDs, mismatched sorts. */
export const hostileCursors = [
  { k: 'name', d: 'asc', v: 'x', id: 'not-a-uuid' },
  { k: 'name', d: 'asc', v: { a: 1 }, id: '00000000-0000-0000-0000-000000000000' },
  { k: 'updatedAt', d: 'desc', v: 'not a date', id: '00000000-0000-0000-0000-000000000000' },
  { k: 'createdAt', d: 'sideways', v: 1, id: 1 },
  { k: 'amount', d: 'asc', v: '1e400', id: '00000000-0000-0000-0000-000000000000' },
  { k: 'x\u0000', d: 'asc', v: '\u0000', id: '\ud800' },
  { k: 'name', d: 'asc', v: null, id: null },
  [],
  'just a string',
]
  .map((c) => Buffer.from(JSON.stringify(c)).toString('base64url'))
  .concat(['!!!', 'eyJ', '', HUGE.slice(0, 5000)]);

/** Any JSON value of a wrong type or shape. */
const wrongShape: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...hostileNumbers),
  fc.constantFrom(...hostileStrings),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }),
  fc.constant(nested(200)),
  fc.jsonValue({ maxDepth: 3 }),
);

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

export class ArbitraryFactory {
  constructor(
    private readonly doc: OpenApiDoc,
    /** Real ids of existing records, so that some requests reach deep code paths. */
    private readonly ids: readonly string[],
  ) {}

  private resolve(s: JsonSchema): JsonSchema {
    let cur = s;
    for (let i = 0; cur.$ref && i < 10; i++) {
      const name = cur.$ref.replace('#/components/schemas/', '');
      cur = this.doc.components?.schemas?.[name] ?? {};
    }
    return cur;
  }

  /** Mostly valid for `schema`, sometimes hostile (`hostileWeight` in 10). */
  value(schema: JsonSchema | undefined, depth = 0, hostileWeight = 2): fc.Arbitrary<unknown> {
    const valid = this.valid(schema ?? {}, depth, hostileWeight);
    if (hostileWeight === 0) return valid;
    return fc.oneof({ weight: 10 - hostileWeight, arbitrary: valid }, { weight: hostileWeight, arbitrary: wrongShape });
  }

  /** Half the time a value that follows the schema all the way down, half the time one with hostile parts. */
  body(schema: JsonSchema): fc.Arbitrary<unknown> {
    return fc.oneof(this.value(schema, 0, 0), this.value(schema, 0, 1));
  }

  private valid(raw: JsonSchema, depth: number, w = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(raw);
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives?.length) return fc.oneof(...alternatives.map((a) => this.valid(a, depth, w)));
    if (s.allOf?.length) return this.valid(Object.assign({}, ...s.allOf.map((a) => this.resolve(a))), depth, w);
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    const nullable = s.nullable || types.includes('null');
    const type = types.find((t) => t !== 'null');
    const base = this.ofType(type, s, depth, w);
    return nullable ? fc.oneof({ weight: 4, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
  }

  private ofType(type: string | undefined, s: JsonSchema, depth: number, w: number): fc.Arbitrary<unknown> {
    switch (type) {
      case 'string':
        return this.string(s);
      case 'integer':
        return fc.integer({ min: s.minimum ?? -1000, max: Math.min(s.maximum ?? 100_000, 2 ** 31 - 1) });
      case 'number':
        return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        if (depth > 4) return fc.constant([]);
        return fc.array(this.value(s.items, depth + 1, Math.min(w, 1)), {
          minLength: s.minItems ?? 0,
          maxLength: Math.min(s.maxItems ?? 4, 4),
        });
      case 'object':
        return this.object(s, depth, w);
      default:
        return depth > 4 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
    }
  }

  private string(s: JsonSchema): fc.Arbitrary<string> {
    switch (s.format) {
      case 'uuid':
        return this.ids.length ? fc.oneof(fc.constantFrom(...this.ids), fc.uuid()) : fc.uuid();
      case 'date-time':
        return fc
          .date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      case 'date':
        return fc
          .date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      case 'email':
        return fc.emailAddress();
      case 'uri':
        return fc.webUrl();
      default: {
        const minLength = s.minLength ?? 0;
        const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, 40));
        return fc.string({ minLength, maxLength, unit: fc.constantFrom(...'abcdefgh éÉçà-_ 0123456789'.split('')) });
      }
    }
  }

  private object(s: JsonSchema, depth: number, w: number): fc.Arbitrary<Record<string, unknown>> {
    if (depth > 4) return fc.constant({});
    const props = s.properties ?? {};
    const required = new Set(s.required ?? []);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, v] of Object.entries(props)) model[k] = this.value(v, depth + 1, w);
    const record = fc.record(model, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    // Now and then an unknown key, or a key deleted from the required ones.
    return fc
      .tuple(
        record,
        fc.option(fc.constantFrom('unknownField', 'id', 'ownerId', 'teamId', 'deletedAt', 'role'), { freq: 5 }),
      )
      .map(([r, extra]) => (extra ? { ...r, [extra]: 'x' } : r));
  }

  /** A value for one path parameter: a real id, a random UUID, or a hostile string. */
  pathParam(p: Parameter): fc.Arbitrary<string> {
    const s = this.resolve(p.schema ?? {});
    const valid =
      s.format === 'uuid' || /id$/i.test(p.name)
        ? this.ids.length
          ? fc.oneof(fc.constantFrom(...this.ids), fc.uuid())
          : fc.uuid()
        : (this.valid(s, 0).map((v) => String(v)) as fc.Arbitrary<string>);
    return fc.oneof(
      { weight: 6, arbitrary: valid },
      { weight: 1, arbitrary: fc.constantFrom(...hostileStrings.filter((h) => h.length < 10_000)) },
    );
  }

  /** A query value (or several for a repeated parameter); undefined leaves it out. */
  queryParam(p: Parameter): fc.Arbitrary<string | string[] | undefined> {
    const s = this.resolve(p.schema ?? {});
    const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
    const valid = this.valid(s, 0).map(text);
    const hostile: fc.Arbitrary<string> =
      p.name === 'cursor'
        ? fc.constantFrom(...hostileCursors)
        : fc.constantFrom(...hostileStrings.filter((h) => h.length < 10_000), '1e308', '-0', '[]');
    return fc.oneof(
      { weight: p.required ? 0 : 4, arbitrary: fc.constant(undefined) },
      { weight: 5, arbitrary: valid },
      { weight: 2, arbitrary: hostile },
      { weight: 1, arbitrary: fc.array(valid, { minLength: 2, maxLength: 3 }) },
    );
  }
}

/**
 * Percent-encodes like encodeURIComponent, but also lone surrogates (which encodeURIComponent refuses): as the
 * three bytes a careless client would send (WTF-8), so the server meets them.
 */
export function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return Array.from(value, (ch) => {
      const c = ch.charCodeAt(0);
      if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) {
        return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
          .map((b) => `%${b.toString(16).toUpperCase()}`)
          .join('');
      }
      return encodeURIComponent(ch);
    }).join('');
  }
}

/** The query string of a request (each value encoded; repeated keys for arrays). */
export function queryString(values: Record<string, string | string[] | undefined>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) parts.push(`${encode(k)}=${encode(one)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Multipart bodies, most of them broken. */
export const multipartVariants: { name: string; contentType: string; body: string }[] = [
  { name: 'no boundary', contentType: 'multipart/form-data', body: 'xx' },
  {
    name: 'truncated',
    contentType: 'multipart/form-data; boundary=XyZ',
    body: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nname\nAcme',
  },
  {
    name: 'bad part names',
    contentType: 'multipart/form-data; boundary=XyZ',
    body: '--XyZ\r\nContent-Disposition: form-data; name="\u0000"; filename="\ud800.csv"\r\n\r\nx\r\n--XyZ--\r\n',
  },
  {
    name: 'two files',
    contentType: 'multipart/form-data; boundary=XyZ',
    body:
      '--XyZ\r\nContent-Disposition: form-data; name="entity"\r\n\r\norganisations\r\n' +
      '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nNom,Ville\nAcme,Paris\r\n' +
      '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="b.csv"\r\nContent-Type: text/csv\r\n\r\nNom,Ville\nBeta,Lyon\r\n--XyZ--\r\n',
  },
  {
    name: 'a PDF sent as PNG',
    contentType: 'multipart/form-data; boundary=XyZ',
    body: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n%PDF-1.4\n%\r\n--XyZ--\r\n',
  },
  {
    name: 'a NUL in the file name',
    contentType: 'multipart/form-data; boundary=XyZ',
    body: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a\u0000b.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n',
  },
];
