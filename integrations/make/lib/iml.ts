/**
 * A PARTIAL EMULATION of Make's IML templates, for checks and tests only. Make evaluates IML on its own servers;
 * this file knows exactly the syntax the files of this app use, and throws on anything else, so that a new
 * construct in a component fails the checks loudly instead of being skipped:
 *
 * - `{{path}}`: a dotted path from one of the roots below (`parameters.email`, `body.data.person`, `item.id`);
 * - `{{ifempty(a; b)}}`: `a` unless it is undefined, null or '' , then `b`;
 * - `'text'`: a string literal, as an argument of `ifempty`.
 *
 * A string that is exactly one `{{...}}` evaluates to the value itself (an object stays an object, a number a
 * number); otherwise the pieces are joined as text (undefined and null give ''). A key of an object whose value
 * evaluates to undefined is dropped, as undefined values never reach the JSON Make sends.
 */

export const IML_ROOTS = ['connection', 'parameters', 'body', 'webhook', 'item', 'statusCode'] as const;
export type ImlRoot = (typeof IML_ROOTS)[number];
export type ImlContext = Partial<Record<ImlRoot, unknown>>;

export type ImlNode =
  | { kind: 'path'; root: ImlRoot; keys: string[] }
  | { kind: 'call'; name: 'ifempty'; args: ImlNode[] }
  | { kind: 'string'; value: string };

const TEMPLATE = /\{\{(.*?)\}\}/gs;
const PATH = /^([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/;
const FUNCTIONS = { ifempty: 2 } as const;

export class UnsupportedImlError extends Error {
  override name = 'UnsupportedImlError';
}

/** The expressions between `{{` and `}}` of a string, in order. */
export function imlExpressions(text: string): string[] {
  return [...text.matchAll(TEMPLATE)].map((m) => (m[1] ?? '').trim());
}

/** Splits `a; b` at top-level semicolons (none of our arguments nest quotes with semicolons in them). */
function splitArgs(src: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === ';') {
      out.push(src.slice(start, i));
      start = i + 1;
    }
  }
  out.push(src.slice(start));
  return out.map((s) => s.trim());
}

export function parseIml(expr: string): ImlNode {
  const src = expr.trim();
  const str = /^'([^']*)'$/.exec(src);
  if (str) return { kind: 'string', value: str[1] ?? '' };
  const call = /^([A-Za-z]+)\((.*)\)$/s.exec(src);
  if (call) {
    const name = call[1] as keyof typeof FUNCTIONS;
    if (!(name in FUNCTIONS)) throw new UnsupportedImlError(`IML function not emulated: ${call[1]}() in {{${expr}}}`);
    const args = splitArgs(call[2] ?? '').map(parseIml);
    if (args.length !== FUNCTIONS[name]) {
      throw new UnsupportedImlError(`${name}() takes ${FUNCTIONS[name]} arguments separated by ';': {{${expr}}}`);
    }
    return { kind: 'call', name, args };
  }
  const path = PATH.exec(src);
  if (!path) throw new UnsupportedImlError(`IML syntax not emulated: {{${expr}}}`);
  const root = path[1] as ImlRoot;
  if (!IML_ROOTS.includes(root)) throw new UnsupportedImlError(`IML variable not emulated: ${root} in {{${expr}}}`);
  return { kind: 'path', root, keys: (path[2] ?? '').split('.').filter(Boolean) };
}

/** Every path an IML node reads (`parameters.email` as { root: 'parameters', keys: ['email'] }). */
export function imlPaths(node: ImlNode): Array<{ root: ImlRoot; keys: string[] }> {
  if (node.kind === 'path') return [{ root: node.root, keys: node.keys }];
  if (node.kind === 'call') return node.args.flatMap(imlPaths);
  return [];
}

/** Every path read anywhere in a JSON value (strings, keys excluded). */
export function imlPathsIn(value: unknown): Array<{ root: ImlRoot; keys: string[] }> {
  if (typeof value === 'string') return imlExpressions(value).flatMap((e) => imlPaths(parseIml(e)));
  if (Array.isArray(value)) return value.flatMap(imlPathsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(imlPathsIn);
  return [];
}

function isEmpty(v: unknown) {
  return v === undefined || v === null || v === '';
}

function evalNode(node: ImlNode, ctx: ImlContext): unknown {
  switch (node.kind) {
    case 'string':
      return node.value;
    case 'call': {
      const [a, b] = node.args.map((n) => evalNode(n, ctx));
      return isEmpty(a) ? b : a;
    }
    case 'path': {
      let v: unknown = ctx[node.root];
      for (const k of node.keys)
        v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
      return v;
    }
  }
}

function asText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Evaluates every template of a JSON value (the substituter of the test replay). */
export function evaluateIml(value: unknown, ctx: ImlContext): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{(.*)\}\}$/s.exec(value);
    if (whole && imlExpressions(value).length === 1) return evalNode(parseIml(whole[1] ?? ''), ctx);
    return value.replace(TEMPLATE, (_, e: string) => asText(evalNode(parseIml(e), ctx)));
  }
  if (Array.isArray(value)) return value.map((v) => evaluateIml(v, ctx));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = evaluateIml(v, ctx);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return value;
}
