/**
 * From a record field's declaration, the server's description of it and the record: its editor (kind and value), and
 * the value a save sends. Pure: RecordFields.tsx draws, this decides (resolve.test.ts).
 */
import type { Editor, Option } from '../../ui/InlineField.tsx';
import { inlineDate } from '../../ui/InlineFieldEditors.tsx';
import type { FieldDescription, FieldEditor, FieldEditorKind, RecordField } from './types.ts';

/** The id fields that name a user: edited with the user picker. */
const USER_FIELDS = new Set(['ownerId', 'assigneeId']);

/** The editor the server's type calls for (`none`: no editor fits, the field is only shown). */
export function kindOfType(description: FieldDescription): FieldEditorKind {
  switch (description.type) {
    case 'enum':
      return 'select';
    case 'date':
      return 'date';
    case 'number':
    case 'integer':
      return 'number';
    case 'string':
    case 'email':
    case 'url':
      return 'text';
    case 'text':
      return 'textarea';
    case 'boolean':
      return 'boolean';
    case 'list':
      return 'tags';
    case 'id':
      return USER_FIELDS.has(description.name) ? 'user' : 'none';
    default:
      return 'none'; // datetime: no field of a record page edits one in place
  }
}

/** The editor a field gets: its declaration's, or its type's; without a description (not writable, still loading), a yes/no and a list still show as such. */
export function editorOf<R>(field: RecordField<R>, record: R, description: FieldDescription | undefined): FieldEditor {
  const declared = typeof field.editor === 'function' ? field.editor(record) : field.editor;
  if (declared) return declared;
  if (description) return { kind: kindOfType(description) } as FieldEditor;
  const value = record[field.name];
  if (typeof value === 'boolean') return { kind: 'boolean' };
  if (Array.isArray(value)) return { kind: 'tags' };
  return { kind: 'none' };
}

export interface ResolveContext {
  /** The users a record can be given to (the directory). */
  users: Option[];
  userName: (id: string | null | undefined) => string;
  /** The label of an enum value when the field declares none (`enums.<name>.<value>`), or undefined. */
  enumLabel: (name: string, value: string) => string | undefined;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The inline editor of a field for this record, or undefined when it is only shown. */
export function resolveEditor<R>(
  field: RecordField<R>,
  record: R,
  description: FieldDescription | undefined,
  ctx: ResolveContext,
): Editor<unknown> | undefined {
  const raw: unknown = record[field.name];
  const spec = editorOf(field, record, description);
  const value = text(raw);
  switch (spec.kind) {
    case 'text':
      return {
        kind: 'text',
        value,
        inputType:
          spec.inputType ?? (description?.type === 'email' ? 'email' : description?.type === 'url' ? 'url' : undefined),
        maxLength: spec.maxLength,
        validate: spec.validate,
      };
    case 'textarea':
      return { kind: 'textarea', value };
    case 'number':
      return {
        kind: 'number',
        value,
        integer: description?.type === 'integer',
        suffix: spec.suffix,
        min: spec.min,
        max: spec.max,
        decimals: spec.decimals,
      };
    case 'select': {
      const label = (v: string) => field.labels?.(v) ?? ctx.enumLabel(field.name, v) ?? v;
      const options = spec.options ?? (description?.values ?? []).map((v) => ({ value: v, label: label(v) }));
      // A stored value the options lack (a code from an import) is still shown and kept.
      const known = options.some((o) => ('group' in o ? o.items.some((i) => i.value === value) : o.value === value));
      return {
        kind: 'select',
        value,
        options: value === null || known ? options : [...options, { value, label: label(value) }],
        clearable: spec.clearable ?? description?.nullable ?? false,
      };
    }
    case 'user': {
      const missing = value !== null && !ctx.users.some((u) => u.value === value);
      return {
        kind: 'select',
        value,
        options: missing ? [{ value, label: ctx.userName(value) }, ...ctx.users] : ctx.users,
        clearable: description?.nullable ?? false,
      };
    }
    case 'date':
      return { kind: 'custom', value, render: inlineDate() } as Editor<unknown>;
    case 'tags':
      return { kind: 'tags', value: Array.isArray(raw) ? raw.map(String) : [] };
    case 'boolean':
      return { kind: 'boolean', value: raw === true };
    case 'custom':
      return { kind: 'custom', value, render: spec.render } as Editor<unknown>;
    default:
      return undefined;
  }
}

/** Whether the field can be changed here: the server lets the caller's role write it, and the caller may change the record. */
export function isEditable(
  description: FieldDescription | undefined,
  mayModify: boolean,
  editor: Editor<unknown> | undefined,
): boolean {
  return !!description?.writable && mayModify && !!editor;
}

/** The PATCH body of one saved field: that field only, its value as the API takes it. */
export function patchOf<R>(
  field: RecordField<R>,
  description: FieldDescription | undefined,
  value: unknown,
): Record<string, unknown> {
  let out = value === '' ? null : value;
  if (field.toValue) out = field.toValue(out);
  else if (out !== null && out !== undefined && (description?.type === 'integer' || description?.type === 'number')) {
    out = Number(out); // a select of numbers (tier 1, 2, 3) hands over its value as text
  }
  return { [field.name]: out };
}
