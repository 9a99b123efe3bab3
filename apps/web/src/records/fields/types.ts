import type { ReactNode } from 'react';
import type { Schemas } from '../../api/client.ts';
import type { EditorProps, Option, OptionGroup } from '../../ui/InlineField.tsx';

/** A field as `GET /meta/entities/{entity}/fields` describes it: type, allowed values, nullability, writable. */
export type FieldDescription = Pick<Schemas['EntityField'], 'name' | 'type' | 'values' | 'nullable' | 'writable'>;

/**
 * How a field is edited when its server type does not say enough; without one the type decides (enum: a select of its
 * values, date: a date picker, number and integer: a number, string / email / url: text, text: a long text, boolean:
 * a switch, list: tags, the owner: a user picker). `none`: shown, never edited here.
 */
export type FieldEditor =
  | {
      kind: 'text';
      inputType?: 'text' | 'email' | 'url' | 'tel';
      maxLength?: number;
      /** Checked before saving (trimmed value, null when empty): a message keeps the field open. */
      validate?: (value: string | null) => string | null;
    }
  | { kind: 'textarea' }
  | { kind: 'number'; suffix?: string; min?: number; max?: number; decimals?: number }
  /** Options default to the server's values (an enum), labelled by the field's `labels`. */
  | { kind: 'select'; options?: (Option | OptionGroup)[]; clearable?: boolean }
  | { kind: 'date' }
  | { kind: 'tags' }
  | { kind: 'boolean' }
  | { kind: 'user' }
  /** The caller's own input in a small form saved with Enter or ✓ (a picker with a pop-over, a remote search). */
  | { kind: 'custom'; render: (props: EditorProps<string | null>) => ReactNode }
  | { kind: 'none' };

export type FieldEditorKind = FieldEditor['kind'];

/** How much of its section's row a field takes from the `sm` breakpoint on (below, each field has the whole row). */
export type FieldWidth = 'full' | 'half' | 'third';

/**
 * One field of a record's information tab. `name` is the record's property and the PATCH body's: saving sends that
 * field only. A name the server does not describe (createdAt, a computed value) is shown, never edited.
 */
export interface RecordField<R, S extends string = string> {
  name: keyof R & string;
  label: string;
  section: S;
  /** The value as shown; defaults to the value (an option's label, a date in the locale, tags as badges). */
  display?: (record: R) => ReactNode;
  editor?: FieldEditor | ((record: R) => FieldEditor);
  /** The label of an enum value (options and display); defaults to `enums.<name>.<value>` when the app has it. */
  labels?: (value: string) => string;
  /** The value as sent, from the editor's (trimmed text, null when empty); numbers of a numeric field by default. */
  toValue?: (value: unknown) => unknown;
  /** The value is a link (e-mail, phone, website). */
  href?: (record: R) => string | null | undefined;
  /** A line of help under the value. */
  hint?: (record: R) => ReactNode;
  /** Left out for this record (a loss reason on a mandate that is not lost). */
  hidden?: (record: R) => boolean;
  width?: FieldWidth;
  testId?: string;
}

export interface FieldSection<S extends string = string> {
  key: S;
  title: string;
  /** Shown under the section's fields. */
  footer?: ReactNode;
}
