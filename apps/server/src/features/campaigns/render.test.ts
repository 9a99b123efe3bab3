import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { type RenderVars, renderTemplate, sanitizeBody, type TemplateSource } from './render.ts';

const vars: RenderVars = {
  contact: { firstName: 'Zoé', lastName: "O'Brien <b>", fullName: "Zoé O'Brien <b>", jobTitle: '', email: 'z@x.fr' },
  organisation: { name: 'Durand & Fils', city: 'Lyon' },
  sender: { name: 'Paul Vendeur', email: 'paul@firm.fr' },
  company: { name: 'Alforis Finance', address: '10 rue de la Paix, 75002 Paris' },
  unsubscribeUrl: 'https://crm.example/u/abc?x=1&y=2',
  preferencesUrl: 'https://crm.example/p/abc',
};
const src = (over: Partial<TemplateSource> = {}): TemplateSource => ({
  subject: 'Bonjour {{ contact.firstName }}',
  preheader: 'Pour {{ organisation.name }}',
  bodyHtml: '<p>Bonjour {{ contact.lastName }},</p><p><a href="https://fonds.example/a?b=1&amp;c=2">Le fonds</a></p>',
  locale: 'fr',
  ...over,
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
}

describe('template rendering', () => {
  it('renders subject and preheader as text, the body escaped in the layout, and a plain-text part', async () => {
    const r = await renderTemplate(src(), vars);
    expect(r.subject).toBe('Bonjour Zoé');
    expect(r.preheader).toBe('Pour Durand & Fils');
    // Values are escaped in HTML: a contact's name is never markup.
    expect(r.html).toContain('Bonjour O&#39;Brien &lt;b&gt;,');
    expect(r.html).not.toContain("O'Brien <b>");
    // The preheader is the hidden first line, the layout is MJML's responsive table with inlined styles.
    expect(r.html).toMatch(/display:none[^>]*>Pour Durand &amp; Fils/);
    expect(r.html).toContain('<a href="https://fonds.example/a?b=1&amp;c=2" style="color: #1864ab;">');
    expect(r.html).toContain('@media only screen and (min-width:480px)');
    // The footer no template can leave out: identity and the two links.
    expect(r.html).toContain('Vous recevez ce message de Alforis Finance, 10 rue de la Paix, 75002 Paris.');
    expect(r.html).toContain('href="https://crm.example/u/abc?x=1&amp;y=2"');
    expect(r.html).toContain('>Gérer mes préférences</a>');
    expect(r.text).toBe(
      [
        "Bonjour O'Brien <b>,",
        '',
        'Le fonds [https://fonds.example/a?b=1&c=2]',
        '',
        '--',
        'Vous recevez ce message de Alforis Finance, 10 rue de la Paix, 75002 Paris.',
        'Se désinscrire : https://crm.example/u/abc?x=1&y=2',
        'Gérer mes préférences : https://crm.example/p/abc',
      ].join('\n'),
    );
  });

  it('writes the footer in the template’s language, and leaves out an empty postal address', async () => {
    const r = await renderTemplate(src({ locale: 'en' }), { ...vars, company: { name: 'Firm', address: '' } });
    expect(r.html).toContain('You receive this message from Firm.');
    expect(r.html).toContain('>Unsubscribe</a>');
    expect(r.html).toContain('lang="en"');
  });

  it('reads conditions the editor wrote with entities (&quot;, &gt;)', async () => {
    const body = '<p>{% if organisation.city == &quot;Lyon&quot; %}Lyonnais{% else %}Ailleurs{% endif %}</p>';
    expect((await renderTemplate(src({ bodyHtml: body }), vars)).text).toMatch(/^Lyonnais/);
    const elsewhere = { ...vars, organisation: { name: 'X', city: 'Nantes' } };
    expect((await renderTemplate(src({ bodyHtml: body }), elsewhere)).text).toMatch(/^Ailleurs/);
  });

  it('refuses unknown variables, file tags, unknown filters and broken syntax with a stable code', async () => {
    expect(await codeOf(renderTemplate(src({ bodyHtml: '<p>{{ contact.password }}</p>' }), vars))).toBe(
      'template.unknown_variable',
    );
    expect(await codeOf(renderTemplate(src({ subject: '{{ user.email }}' }), vars))).toBe('template.unknown_variable');
    expect(await codeOf(renderTemplate(src({ bodyHtml: '<p>{% include "/etc/passwd" %}</p>' }), vars))).toBe(
      'template.forbidden_tag',
    );
    expect(await codeOf(renderTemplate(src({ bodyHtml: '<p>{% render "x" %}</p>' }), vars))).toBe(
      'template.forbidden_tag',
    );
    expect(await codeOf(renderTemplate(src({ bodyHtml: '<p>{{ contact.firstName | nope }}</p>' }), vars))).toBe(
      'template.syntax_error',
    );
    expect(await codeOf(renderTemplate(src({ preheader: '{% if %}' }), vars))).toBe('template.syntax_error');
  });

  it('keeps loop and assigned variables, and the standard filters', async () => {
    const body = '<p>{% assign n = contact.firstName | upcase %}{{ n }} {{ contact.jobTitle | default: "—" }}</p>';
    expect((await renderTemplate(src({ bodyHtml: body }), vars)).text).toMatch(/^ZOÉ —/);
  });

  it('drops scripts, handlers, styles and unsafe links from the body', () => {
    const dirty =
      '<p onclick="x()">Hi<script>alert(1)</script></p><a href="javascript:alert(1)">x</a><img src="http://a/b.png"><img src="https://a/c.png" onerror="y()"><iframe src="https://e"></iframe><style>p{}</style>';
    const clean = sanitizeBody(dirty);
    expect(clean).toBe('<p>Hi</p><a>x</a><img /><img src="https://a/c.png" />');
  });
});
