/**
 * The entity registry's shape: what a record feature declares once, in its `<entity>.entity.ts`, so that the
 * cross-cutting features (exports, saved views, recycle bin, search, timeline, read cache, webhooks, maintenance)
 * enumerate records instead of keeping their own lists (docs/ARCHITECTURE.md, "Entity registry"). Nothing here
 * names a business entity: the features register theirs, and the composition root (src/entities.ts) lists them.
 */
import type { CodeList } from '@crm/contracts';
import type { SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { visibilityOf } from '../auth/scope.ts';
import type { Actor, Ctx, Role } from '../context.ts';
import type { ExportColumn } from '../tabular/index.ts';

type Row = Record<string, unknown>;

/** A page of a list function (some name the rows `items`, the HTTP shape). */
export interface ListPage {
  rows?: unknown[];
  items?: unknown[];
  nextCursor: string | null;
}

// biome-ignore lint/suspicious/noExplicitAny: each list function has its own filter type; its query schema parsed it
export type ListFunction = (ctx: Ctx, filter: any) => Promise<ListPage>;

/**
 * A part of a search hit's second line, in SQL on the entity's table: a text shown as it is (a city, an e-mail), a
 * stored code the web app names from its list (`enums.<list>.<code>`: a mandate's stage), or a moment (timestamptz)
 * the web app shows as a date. Null or empty parts are left out.
 */
export type SearchDetail =
  | { kind: 'text'; value: SQL }
  | { kind: 'enum'; list: CodeList; value: SQL }
  | { kind: 'date'; value: SQL };

/** Someone who may receive a record's event (a webhook endpoint's owner): their id, role and team. */
export interface Reader {
  id: string;
  role: Role;
  teamId: string | null;
}

/**
 * Who may read a record:
 * - `owned`: its owner and the owner's team (admins everything);
 * - `assigned`: the same, plus the user it is assigned to (tasks);
 * - `shared`: everyone who may read at all (the fund catalogue).
 */
export type ScopeRule = 'owned' | 'assigned' | 'shared';

export interface EntityScope {
  rule: ScopeRule;
  /** The owner and team columns of an owned table. */
  columns?: { ownerId: AnyPgColumn; teamId: AnyPgColumn };
  /** The WHERE clause of the rows this actor may read; undefined when they may read every row. */
  where(actor: Actor): SQL | undefined;
  /** Whether this reader may see this row (from an event's payload). */
  maySee(reader: Reader, row: Row | undefined): boolean;
}

/** What a field is, for workflows ("update field" steps, conditions) and bulk edit. */
export interface FieldDescription {
  name: string;
  type:
    | 'string'
    | 'text'
    | 'number'
    | 'integer'
    | 'boolean'
    | 'date'
    | 'datetime'
    | 'enum'
    | 'id'
    | 'list'
    | 'email'
    | 'url';
  /** The allowed values of an `enum` (or of a `list` of enum values). */
  values?: readonly string[];
  nullable: boolean;
  /** The roles that may write it (on a record they may change). */
  writableBy: readonly Role[];
}

export interface EntityDef {
  /** Singular name: the recycle bin's and the search's `type`, the audit log's entity type ('person'). */
  type: string;
  /** Plural URL segment under /api/v1: list, export, restore paths and file names ('people'). */
  path: string;
  table: PgTable;
  id: AnyPgColumn;
  /** The display label, in SQL (bin, search) and from a row (notifications, reports). */
  label: SQL;
  labelOf(row: Row): string;
  scope: EntityScope;
  /** The list endpoint's query schema and function: exports walk it, saved views store its parameters. */
  list?: {
    query: z.ZodObject;
    run: ListFunction;
    /** Export columns, headers in French (the users' language). */
    columns: ExportColumn<Row>[];
    /** Whether saved views (segments) may be stored for this list. */
    savedViews: boolean;
  };
  /** The read cache: the namespace of its GET routes' entries (its path). */
  cached?: boolean;
  /**
   * Its writes bump its cache tags although its own routes are not cached: other answers are computed from its rows
   * (the sales analytics count interactions) and name it in their `dependsOn`.
   */
  cacheTracked?: boolean;
  /** Its domain events: the family (`contact` for `contact.created`) and the payload key of the record. */
  events?: {
    family: string;
    key: string;
    /**
     * Other entities' cached answers an event of this family makes stale (an interaction changes its people's
     * last activity; a deleted organisation hides its contacts): their paths, with a record id for a detail.
     */
    touches?(type: string, payload: Row): { path: string; id?: string }[];
  };
  /** Soft deletion: the columns, and whether the recycle bin lists the deleted rows. */
  softDelete?: {
    deletedAt: AnyPgColumn;
    deletedBy?: AnyPgColumn;
    /** Listed in the recycle bin (restorable at POST /<path>/{id}/restore); who may see its bin if not the readers. */
    bin?: { scope?: (actor: Actor) => SQL | undefined };
    /**
     * Purged for good after the bin's retention: the order (children first, lower first) and an extra condition
     * (SQL text on the table, constant, never input) that keeps rows others still point to.
     */
    purge: { order: number; keepIf?: string };
  };
  /**
   * The ⌘K search: the normalised search text column, its label if not `label`, and the second line of a hit: its
   * `details` (parts the web app names and formats in the reader's language), and a plain `sublabel` for API clients
   * (the details joined by ' · ', codes and dates as stored, unless given).
   */
  search?: { text: AnyPgColumn; label?: SQL; details?: SearchDetail[]; sublabel?: SQL };
  /** Records hang on it (interactions, tasks, notes, attachments) and it has a timeline. */
  hub?: boolean;
  /**
   * Timeline items this entity contributes to a hub's timeline: a kind, and the rows of that kind about one hub
   * record as a SELECT of (kind, id, at, title, body, actor_id, data).
   */
  timeline?: { kind: string; rows(actor: Actor, hubType: string, hubId: string): SQL }[];
  /** Its fields, for workflows and bulk edit. */
  fields?: FieldDescription[];
}

/** The registered entities, and lookups by what the cross-cutting features know of a record. */
export interface EntityRegistry {
  all: readonly EntityDef[];
  byType(type: string): EntityDef | undefined;
  byPath(path: string): EntityDef | undefined;
  byFamily(family: string): EntityDef | undefined;
}

export function createRegistry(defs: readonly EntityDef[]): EntityRegistry {
  const index = (key: (e: EntityDef) => string | undefined) => {
    const m = new Map<string, EntityDef>();
    for (const e of defs) {
      const k = key(e);
      if (k === undefined) continue;
      if (m.has(k)) throw new Error(`entity registry: two entities share "${k}"`);
      m.set(k, e);
    }
    return m;
  };
  const types = index((e) => e.type);
  const paths = index((e) => e.path);
  const families = index((e) => e.events?.family);
  return {
    all: defs,
    byType: (t) => types.get(t),
    byPath: (p) => paths.get(p),
    byFamily: (f) => families.get(f),
  };
}

/** The non-empty tuple a `z.enum` of registered names needs. */
export function namesOf(defs: readonly EntityDef[], key: 'type' | 'path'): [string, ...string[]] {
  const names = defs.map((e) => e[key]);
  if (names.length === 0) throw new Error('entity registry: no entity takes part');
  return names as [string, ...string[]];
}

/** Whether the actor sees every row (admins, the system). */
export const seesAll = (actor: Actor) => visibilityOf(actor).kind === 'all';

const ALL_WRITERS: readonly Role[] = ['admin', 'manager', 'user'];

/**
 * Field descriptions from the Zod schema of an update (PATCH body): its JSON Schema gives each field's type, enum
 * values and nullability. `writableBy` narrows the roles of some fields (the owner, say).
 */
export function describeFields(
  patch: z.ZodObject,
  opts: { writableBy?: readonly Role[]; only?: Partial<Record<string, readonly Role[]>> } = {},
): FieldDescription[] {
  const json = z.toJSONSchema(patch, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonField>;
  };
  return Object.entries(json.properties ?? {}).map(([name, p]) => {
    const { type, values, nullable } = fieldType(p);
    return { name, type, values, nullable, writableBy: opts.only?.[name] ?? opts.writableBy ?? ALL_WRITERS };
  });
}

interface JsonField {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: JsonField;
  anyOf?: JsonField[];
  maxLength?: number;
}

function fieldType(p: JsonField): Pick<FieldDescription, 'type' | 'values' | 'nullable'> {
  const options = p.anyOf ?? [p];
  const nullable = options.some((o) => o.type === 'null' || (Array.isArray(o.type) && o.type.includes('null')));
  const main = options.find((o) => o.type !== 'null') ?? p;
  const values = main.enum?.filter((v): v is string => typeof v === 'string');
  if (values?.length) return { type: 'enum', values, nullable };
  const t = Array.isArray(main.type) ? main.type.find((x) => x !== 'null') : main.type;
  if (t === 'array') {
    const items = main.items?.enum?.filter((v): v is string => typeof v === 'string');
    return { type: 'list', values: items?.length ? items : undefined, nullable };
  }
  if (t === 'boolean') return { type: 'boolean', nullable };
  if (t === 'integer') return { type: 'integer', nullable };
  if (t === 'number') return { type: 'number', nullable };
  switch (main.format) {
    case 'date':
      return { type: 'date', nullable };
    case 'date-time':
      return { type: 'datetime', nullable };
    case 'uuid':
      return { type: 'id', nullable };
    case 'email':
      return { type: 'email', nullable };
    case 'uri':
      return { type: 'url', nullable };
  }
  return { type: main.maxLength && main.maxLength > 500 ? 'text' : 'string', nullable };
}
