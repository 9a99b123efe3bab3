// @vitest-environment jsdom
import { Editor } from '@tiptap/react';
import { afterEach, describe, expect, it } from 'vitest';
import { insertVariable, templateExtensions } from './extensions.ts';

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

const open = (content: string) => {
  editor = new Editor({ extensions: templateExtensions(), content });
  return editor;
};

describe('the body editor keeps what the server keeps', () => {
  it('a link whose address is a variable survives loading and saving', () => {
    const e = open('<p>Pour ne plus rien recevoir : <a href="{{ unsubscribeUrl }}">se désinscrire</a>.</p>');
    expect(e.getHTML()).toBe('<p>Pour ne plus rien recevoir : <a href="{{ unsubscribeUrl }}">se désinscrire</a>.</p>');
  });

  it('a javascript: link loses its address', () => {
    const e = open('<p><a href="javascript:alert(1)">piège</a> <a href="https://exemple.fr">site</a></p>');
    expect(e.getHTML()).not.toContain('javascript:');
    expect(e.getHTML()).toContain('<a href="https://exemple.fr">site</a>');
  });

  it('headings 1 to 3, lists, quote, underline and centred paragraphs; no code', () => {
    const e = open(
      '<h1>A</h1><h2>B</h2><h3>C</h3><h4>D</h4><ul><li><p>x</p></li></ul><blockquote><p>q</p></blockquote>' +
        '<p style="text-align: center"><u>u</u> <code>c</code></p>',
    );
    const html = e.getHTML();
    expect(html).toContain('<h1>A</h1><h2>B</h2><h3>C</h3>');
    expect(html).not.toContain('<h4>');
    expect(html).toContain('<ul><li><p>x</p></li></ul><blockquote><p>q</p></blockquote>');
    expect(html).toContain('<p style="text-align: center;"><u>u</u> c</p>');
  });
});

describe('the variables menu inserts at the cursor', () => {
  it('a text variable as `{{ name }}` where the cursor is', () => {
    const e = open('<p>Bonjour , voici notre lettre.</p>');
    e.commands.setTextSelection(9); // after « Bonjour » and its space (position 1 is the paragraph's start)
    insertVariable(e, 'contact.firstName', 'unused');
    expect(e.getHTML()).toBe('<p>Bonjour {{ contact.firstName }}, voici notre lettre.</p>');
  });

  it('an address variable as a link with words, which text typed after does not join', () => {
    const e = open('<p>Pour vous désinscrire</p>');
    e.commands.focus('end');
    insertVariable(e, 'unsubscribeUrl', 'cliquez ici');
    e.commands.insertContent('.');
    expect(e.getHTML()).toBe('<p>Pour vous désinscrire<a href="{{ unsubscribeUrl }}">cliquez ici</a>.</p>');
  });

  it('an address variable around the selected words', () => {
    const e = open('<p>Gérer mes préférences</p>');
    e.commands.setTextSelection({ from: 1, to: 22 });
    insertVariable(e, 'preferencesUrl', 'unused');
    expect(e.getHTML()).toBe('<p><a href="{{ preferencesUrl }}">Gérer mes préférences</a></p>');
  });
});

describe('variables stand out in the text', () => {
  it('each `{{ … }}` and `{% … %}` is marked, not the text around it', () => {
    const e = open('<p>Bonjour {{ contact.firstName }}{% if x %}, cher client{% endif %} !</p>');
    const marked = [...e.view.dom.querySelectorAll('.template-variable')].map((n) => n.textContent);
    expect(marked).toEqual(['{{ contact.firstName }}', '{% if x %}', '{% endif %}']);
    e.commands.setTextSelection(9);
    insertVariable(e, 'organisation.name', 'unused');
    expect(e.view.dom.querySelectorAll('.template-variable')).toHaveLength(4);
    // The saved HTML carries no trace of it.
    expect(e.getHTML()).not.toContain('template-variable');
  });
});
