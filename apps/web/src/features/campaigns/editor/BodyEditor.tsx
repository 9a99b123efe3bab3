import '@mantine/tiptap/styles.css';
import { Button, Input } from '@mantine/core';
import { RichTextEditor, type RichTextEditorLabels } from '@mantine/tiptap';
import { IconBraces } from '@tabler/icons-react';
import { useEditor } from '@tiptap/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateVariable } from '../queries.ts';
import classes from './BodyEditor.module.css';
import { insertVariable, templateExtensions } from './extensions.ts';
import { useVariableLabels, VariableMenu } from './VariableMenu.tsx';

const ERROR_ID = 'template-body-error';

export interface BodyEditorProps {
  /** The body when the page opened: the editor is not controlled (it reports each change). */
  initialHtml: string;
  onChange: (html: string) => void;
  /** The body as the editor writes it, once loaded: what "unchanged" means. */
  onReady: (html: string) => void;
  readOnly: boolean;
  error?: string | null;
  variables: readonly TemplateVariable[];
  /** The editor's accessible name and its error's id, when a page has several (a campaign's steps). */
  label?: string;
  errorId?: string;
}

/**
 * The body in a rich editor (@mantine/tiptap): bold, italic, underline, headings, lists, quote, links, alignment,
 * undo and redo, and the « Variables » menu that inserts `{{ contact.firstName }}`… at the cursor. Its own chunk with
 * the editor page.
 */
export function BodyEditor({
  initialHtml,
  onChange,
  onReady,
  readOnly,
  error,
  variables,
  label,
  errorId = ERROR_ID,
}: BodyEditorProps) {
  const { t } = useTranslation('campaigns');
  const name = label ?? t('editor.bodyLabel');
  const { linkText } = useVariableLabels();
  // The editor calls back long after its creation: always the latest callbacks.
  const callbacks = useRef({ onChange, onReady });
  callbacks.current = { onChange, onReady };

  const editor = useEditor({
    extensions: templateExtensions(),
    content: initialHtml,
    editable: !readOnly,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps: { attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': name } },
    onCreate: ({ editor: e }) => callbacks.current.onReady(e.getHTML()),
    onUpdate: ({ editor: e }) => callbacks.current.onChange(e.getHTML()),
  });

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.setEditable(!readOnly, false);
    editor.setOptions({
      editorProps: {
        attributes: {
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': name,
          ...(readOnly ? { 'aria-readonly': 'true' } : {}),
          ...(error ? { 'aria-invalid': 'true', 'aria-describedby': errorId } : {}),
        },
      },
    });
  }, [editor, readOnly, error, name, errorId]);

  const labels: Partial<RichTextEditorLabels> = {
    boldControlLabel: t('rte.bold'),
    italicControlLabel: t('rte.italic'),
    underlineControlLabel: t('rte.underline'),
    h1ControlLabel: t('rte.h1'),
    h2ControlLabel: t('rte.h2'),
    h3ControlLabel: t('rte.h3'),
    bulletListControlLabel: t('rte.bulletList'),
    orderedListControlLabel: t('rte.orderedList'),
    blockquoteControlLabel: t('rte.blockquote'),
    linkControlLabel: t('rte.link'),
    unlinkControlLabel: t('rte.unlink'),
    linkEditorInputLabel: t('rte.linkInput'),
    linkEditorInputPlaceholder: t('rte.linkPlaceholder'),
    linkEditorSave: t('rte.linkSave'),
    linkEditorExternalLink: t('rte.linkExternal'),
    linkEditorInternalLink: t('rte.linkInternal'),
    alignLeftControlLabel: t('rte.alignLeft'),
    alignCenterControlLabel: t('rte.alignCenter'),
    alignRightControlLabel: t('rte.alignRight'),
    hrControlLabel: t('rte.hr'),
    undoControlLabel: t('rte.undo'),
    redoControlLabel: t('rte.redo'),
    clearFormattingControlLabel: t('rte.clear'),
  };

  return (
    <Input.Wrapper
      label={t('editor.body')}
      description={readOnly ? undefined : t('editor.bodyHint')}
      required={!readOnly}
      error={error}
      errorProps={{ id: errorId }}
      labelElement="div"
    >
      <RichTextEditor editor={editor} labels={labels} className={classes.root} mt={4} data-testid="body-editor">
        {!readOnly && (
          <RichTextEditor.Toolbar sticky stickyOffset={56} role="toolbar" aria-label={t('rte.toolbar')}>
            <RichTextEditor.ControlsGroup>
              <RichTextEditor.Bold />
              <RichTextEditor.Italic />
              <RichTextEditor.Underline />
              <RichTextEditor.ClearFormatting />
            </RichTextEditor.ControlsGroup>
            <RichTextEditor.ControlsGroup>
              <RichTextEditor.H1 />
              <RichTextEditor.H2 />
              <RichTextEditor.H3 />
            </RichTextEditor.ControlsGroup>
            <RichTextEditor.ControlsGroup>
              <RichTextEditor.BulletList />
              <RichTextEditor.OrderedList />
              <RichTextEditor.Blockquote />
              <RichTextEditor.Hr />
            </RichTextEditor.ControlsGroup>
            <RichTextEditor.ControlsGroup>
              <RichTextEditor.Link />
              <RichTextEditor.Unlink />
            </RichTextEditor.ControlsGroup>
            <RichTextEditor.ControlsGroup>
              <RichTextEditor.AlignLeft />
              <RichTextEditor.AlignCenter />
              <RichTextEditor.AlignRight />
            </RichTextEditor.ControlsGroup>
            <RichTextEditor.ControlsGroup>
              <RichTextEditor.Undo />
              <RichTextEditor.Redo />
            </RichTextEditor.ControlsGroup>
            <VariableMenu
              variables={variables}
              onPick={(name) => editor && insertVariable(editor, name, linkText(name))}
              target={
                <Button size="compact-sm" variant="default" leftSection={<IconBraces size={14} />}>
                  {t('variables.menu')}
                </Button>
              }
            />
          </RichTextEditor.Toolbar>
        )}
        <RichTextEditor.Content />
      </RichTextEditor>
    </Input.Wrapper>
  );
}
