import Link from '@tiptap/extension-link';
import TextAlign from '@tiptap/extension-text-align';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { type Editor, Extension } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { isAllowedHref, isLinkVariable, variableToken } from '../variables.ts';

/**
 * The body editor's schema: what the server's sanitiser keeps (apps/server/src/features/campaigns/render.ts,
 * BODY_HTML), nothing more. Bold, italic, underline, strike, headings 1-3, lists, quote, line, links, alignment of
 * paragraphs (the one style the server keeps), undo and redo. No code (dropped there), no images yet.
 */
export function templateExtensions() {
  return [
    StarterKit.configure({
      heading: { levels: [1, 2, 3] },
      code: false,
      codeBlock: false,
      link: false,
    }),
    Link.extend({
      // Ctrl/Cmd+K opens the toolbar's link editor (what @mantine/tiptap's own Link does).
      addKeyboardShortcuts: () => ({
        'Mod-k': () => {
          window.dispatchEvent(new Event('edit-link'));
          return true;
        },
      }),
    }).configure({
      openOnClick: false,
      // Not inclusive: typing right after an inserted « Se désinscrire » link does not lengthen it.
      autolink: false,
      defaultProtocol: 'https',
      // The server keeps href and title only.
      HTMLAttributes: { target: null, rel: null, class: null },
      // `{{ unsubscribeUrl }}` is a link: kept when loaded, typed in the link editor or set by the variables menu.
      isAllowedUri: (url) => isAllowedHref(url),
    }),
    TextAlign.configure({ types: ['paragraph'], alignments: ['left', 'center', 'right'] }),
    VariableHighlight,
  ];
}

const LIQUID = /\{\{[^{}]*\}\}|\{%[^{}]*%\}/g;

/** Every `{{ variable }}` and `{% tag %}` of the text, as decorations (class `template-variable`). */
export function liquidDecorations(doc: Parameters<typeof DecorationSet.create>[0]): DecorationSet {
  const found: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText || !node.text) return;
    for (const m of node.text.matchAll(LIQUID))
      found.push(Decoration.inline(pos + m.index, pos + m.index + m[0].length, { class: 'template-variable' }));
  });
  return DecorationSet.create(doc, found);
}

/** Shows the variables in the text as such (a tinted chip), so a misspelt or half-typed one stands out. */
const VariableHighlight = Extension.create({
  name: 'variableHighlight',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('variableHighlight'),
        state: {
          init: (_config, state) => liquidDecorations(state.doc),
          apply: (tr, old) => (tr.docChanged ? liquidDecorations(tr.doc) : old),
        },
        props: {
          decorations(state) {
            return this.getState(state);
          },
        },
      }),
    ];
  },
});

/**
 * Inserts a variable at the cursor: `{{ contact.firstName }}` as text, or an address variable as a link (around the
 * selected words, else with `linkText` as its words).
 */
export function insertVariable(editor: Editor, name: string, linkText: string): boolean {
  const token = variableToken(name);
  if (!isLinkVariable(name)) return editor.chain().focus().insertContent(token).run();
  if (!editor.state.selection.empty) return editor.chain().focus().setLink({ href: token }).run();
  return editor
    .chain()
    .focus()
    .insertContent([{ type: 'text', text: linkText, marks: [{ type: 'link', attrs: { href: token } }] }])
    .unsetMark('link')
    .run();
}
