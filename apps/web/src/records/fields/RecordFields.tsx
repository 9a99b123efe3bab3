import { Badge, Card, Group, SimpleGrid, Skeleton, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { hashKey, type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import i18n from '../../app/i18n.ts';
import { dynamicKey } from '../../app/i18n-types.ts';
import { RECORD_KEYS } from '../../app/query-keys.ts';
import { type Editor, InlineField } from '../../ui/InlineField.tsx';
import { entityFieldsQuery, type FieldEntity } from '../queries.ts';
import classes from './RecordFields.module.css';
import { editorOf, isEditable, patchOf, type ResolveContext, resolveEditor } from './resolve.ts';
import type { FieldDescription, FieldEditorKind, FieldSection, FieldWidth, RecordField } from './types.ts';

export interface RecordFieldsProps<R extends { id: string }, S extends string> {
  /** The list path of the record's entity: its field descriptions and its PATCH. */
  entity: FieldEntity;
  record: R;
  /** The query the page reads the record from: updated with the PATCH's answer (defaults to the shared record key). */
  recordKey?: QueryKey;
  fields: RecordField<R, S>[];
  sections: FieldSection<S>[];
  /** Whether the caller may change this record (`mayModify`): with the server's `writable`, a field is editable. */
  mayModify: boolean;
  /** The fields are a description list (`<dl>`): a value's button is named by its label and value ("Ville Lyon"). */
  term?: boolean;
  /** Sections side by side from the `md` breakpoint on (short sections), or one under the other. */
  columns?: 1 | 2;
  /** A field's width when it says none. */
  defaultWidth?: FieldWidth;
  /** Shown above the sections. */
  intro?: ReactNode;
}

/** Saves one field (PATCH of that field only), puts the answer in the record's query and refreshes the entity's lists. */
function useSaveField(entity: FieldEntity, id: string, recordKey: QueryKey) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { errorToast: false }, // the field shows the error under itself
    mutationFn: async (patch: Record<string, unknown>) =>
      data(
        await api.PATCH(`/api/v1/${entity}/{id}` as '/api/v1/organisations/{id}', {
          params: { path: { id } },
          body: patch as never,
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(recordKey, saved);
      const own = hashKey(recordKey);
      void queryClient.invalidateQueries({
        queryKey: RECORD_KEYS[entity].all,
        predicate: (q) => q.queryHash !== own, // the record itself is fresh
      });
    },
  });
}

/** `enums.<name>.<value>` of the shared strings when the app has it (source, legalBasis...). */
const enumLabel = (name: string, value: string) => {
  const key = `enums.${name}.${value}`;
  return i18n.exists(key) ? (i18n.t(dynamicKey(key)) as string) : undefined;
};

/**
 * A record's fields by section, each edited in place (see ui/InlineField.tsx) when the server says the caller's role
 * may write it and the caller may change the record; the editor follows the server's type unless the field says
 * otherwise (types.ts). Saving sends that field only, toasts « Champ : modification enregistrée », and shows the
 * server's refusal, in French, under the field.
 */
export function RecordFields<R extends { id: string }, S extends string>({
  entity,
  record,
  recordKey,
  fields,
  sections,
  mayModify,
  term = false,
  columns = 1,
  defaultWidth = 'half',
  intro,
}: RecordFieldsProps<R, S>) {
  const { t } = useTranslation('records');
  const fmt = useFormat();
  const described = useQuery(entityFieldsQuery(entity));
  const { userOptions, userName } = useDirectory();
  const save = useSaveField(entity, record.id, recordKey ?? RECORD_KEYS[entity].record(record.id));
  const byName = new Map<string, FieldDescription>((described.data?.fields ?? []).map((d) => [d.name, d]));
  const ctx: ResolveContext = { users: userOptions, userName, enumLabel };

  /** The value shown when the field declares no display. */
  const shown = (
    field: RecordField<R, S>,
    kind: FieldEditorKind,
    editor: Editor<unknown> | undefined,
  ): ReactNode | undefined => {
    if (field.display) return field.display(record);
    const raw: unknown = record[field.name];
    if (!editor) return raw === null || raw === undefined ? null : String(raw);
    if (editor.kind === 'tags') {
      return (
        <Group gap={4}>
          {editor.value.map((tag) => (
            <Badge key={tag} variant="light" size="sm">
              {tag}
            </Badge>
          ))}
        </Group>
      );
    }
    if (kind === 'date') return typeof raw === 'string' ? fmt.date(raw) : null;
    return undefined;
  };

  const row = (field: RecordField<R, S>) => {
    const description = byName.get(field.name);
    const editor = resolveEditor(field, record, description, ctx);
    const kind = editorOf(field, record, description).kind;
    const width = field.width ?? defaultWidth;
    return (
      <InlineField<unknown>
        key={field.name}
        label={field.label}
        display={shown(field, kind, editor)}
        editor={editor}
        canEdit={isEditable(description, mayModify, editor)}
        href={field.href?.(record)}
        hint={field.hint?.(record)}
        term={term}
        className={width === 'full' ? undefined : classes[width]}
        testId={field.testId}
        onSave={async (value) => {
          await save.mutateAsync(patchOf(field, description, value));
          notifications.show({ color: 'teal', message: t('recordPage.fieldSaved', { field: field.label }) });
        }}
      />
    );
  };

  const Grid = term ? 'dl' : 'div';
  const body = sections.map((section) => {
    const own = fields.filter((f) => f.section === section.key && !f.hidden?.(record));
    return (
      <Card key={section.key} withBorder padding="md" radius="md" component="section">
        <Title order={2} size="h5" mb="sm">
          {section.title}
        </Title>
        {described.isPending ? (
          <Stack gap="sm" aria-busy="true">
            {own.map((f) => (
              <Skeleton key={f.name} height={36} />
            ))}
          </Stack>
        ) : (
          <Grid className={classes.grid}>{own.map(row)}</Grid>
        )}
        {section.footer}
      </Card>
    );
  });

  return (
    <Stack gap="md">
      {intro}
      {columns === 2 ? (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {body}
        </SimpleGrid>
      ) : (
        body
      )}
    </Stack>
  );
}
