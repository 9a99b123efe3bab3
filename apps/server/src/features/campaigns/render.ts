import { createHash } from 'node:crypto';
import { convert } from 'html-to-text';
import { Liquid, type Template, Tokenizer, TokenKind } from 'liquidjs';
import mjml2html from 'mjml';
import sanitizeHtml from 'sanitize-html';
import { AppError, type FieldError } from '../../platform/errors.ts';

/**
 * E-mail templates (docs/CAMPAIGNS.md, "Templates"): the body written in the rich editor is HTML with Liquid
 * variables (`{{ contact.firstName }}`), sanitised, placed in our MJML layout (brand header, the mandatory footer
 * with the sender's identity and the unsubscribe and preference links), compiled once per version to responsive HTML
 * with inlined styles, and rendered per recipient with the values escaped. The plain-text part is derived from the
 * same body. Only the variables below and the control-flow tags exist: no file access, no includes.
 */

/** The variables a template may use, with what they hold. */
export const TEMPLATE_VARIABLES = [
  'contact.firstName',
  'contact.lastName',
  'contact.fullName',
  'contact.jobTitle',
  'contact.email',
  'organisation.name',
  'organisation.city',
  'sender.name',
  'sender.email',
  'company.name',
  'company.address',
  'unsubscribeUrl',
  'preferencesUrl',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** The values of TEMPLATE_VARIABLES for one recipient. */
export interface RenderVars {
  contact: { firstName: string; lastName: string; fullName: string; jobTitle: string; email: string };
  organisation: { name: string; city: string };
  sender: { name: string; email: string };
  company: { name: string; address: string };
  unsubscribeUrl: string;
  preferencesUrl: string;
}

export type TemplateLocale = 'fr' | 'en';

export interface TemplateSource {
  subject: string;
  preheader: string;
  bodyHtml: string;
  locale: TemplateLocale;
}

export interface RenderedMail {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

/** Control flow only: no include, render or layout (they would read files), no cycle or counters. */
const ALLOWED_TAGS = new Set([
  'if',
  'elsif',
  'else',
  'endif',
  'unless',
  'endunless',
  'case',
  'when',
  'endcase',
  'for',
  'endfor',
  'break',
  'continue',
  'assign',
  'capture',
  'endcapture',
  'comment',
  'endcomment',
]);

const limits = { parseLimit: 200_000, renderLimit: 1_000, memoryLimit: 10_000_000 };
const common = { strictFilters: true, ownPropertyOnly: true, templates: {}, ...limits } as const;
/** For HTML: every value printed is escaped (a contact named `<b>` stays text). */
const htmlEngine = new Liquid({ ...common, outputEscape: 'escape' });
/** For the subject, the preheader and the plain text: printed as is. */
const textEngine = new Liquid(common);

/** The body's HTML: what the rich editor produces, nothing that runs or loads from elsewhere but images. */
const BODY_HTML: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'ul',
    'ol',
    'li',
    'blockquote',
    'h1',
    'h2',
    'h3',
    'hr',
    'a',
    'img',
  ],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], p: ['style'] },
  allowedStyles: { p: { 'text-align': [/^(left|right|center|justify)$/] } },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
};

/** The body as stored: sanitised once when saved (and again when compiled, for rows written before a rule). */
export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, BODY_HTML).trim();
}

/** The editor writes `&gt;`, `&quot;`… inside `{% if a > b %}`: Liquid must read the characters. */
function unescapeLiquid(html: string): string {
  return html.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, (m) =>
    m
      .replace(/&gt;/g, '>')
      .replace(/&lt;/g, '<')
      .replace(/&quot;/g, '"')
      .replace(/&#39;|&#x27;/g, "'")
      .replace(/&nbsp;|&#160;/g, ' ')
      .replace(/&amp;/g, '&'),
  );
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

type Part = 'subject' | 'preheader' | 'bodyHtml';

function syntaxError(part: Part, err: unknown): AppError {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return new AppError('template.syntax_error', `The ${part} is not a valid template: ${message}`, {
    fields: [{ path: `body.${part}`, message: message ?? 'syntax error', code: 'syntax_error' }],
  });
}

/** Parses one part, refusing tags outside ALLOWED_TAGS and variables outside TEMPLATE_VARIABLES. */
function parsePart(engine: Liquid, part: Part, source: string): Template[] {
  let tokens: ReturnType<Tokenizer['readTopLevelTokens']>;
  let parsed: Template[];
  try {
    tokens = new Tokenizer(source).readTopLevelTokens();
    parsed = engine.parse(source);
  } catch (err) {
    throw syntaxError(part, err);
  }
  const fields: FieldError[] = [];
  for (const token of tokens) {
    if (token.kind !== TokenKind.Tag) continue;
    const name = (token as unknown as { name: string }).name;
    if (!ALLOWED_TAGS.has(name)) {
      fields.push({ path: `body.${part}`, message: `The tag "${name}" is not allowed`, code: 'forbidden_tag' });
    }
  }
  if (fields.length)
    throw new AppError('template.forbidden_tag', `The ${part} uses a tag that is not allowed`, { fields });
  const unknown = engine.globalFullVariablesSync(parsed).filter((v) => !KNOWN.has(v));
  if (unknown.length) {
    throw new AppError('template.unknown_variable', `Unknown variable(s) in the ${part}: ${unknown.join(', ')}`, {
      fields: unknown.map((v) => ({
        path: `body.${part}`,
        message: `Unknown variable: ${v}`,
        code: 'unknown_variable',
      })),
    });
  }
  return parsed;
}

const FOOTER: Record<TemplateLocale, { why: string; unsubscribe: string; preferences: string }> = {
  fr: {
    why: 'Vous recevez ce message de {{ company.name }}{% if company.address != "" %}, {{ company.address }}{% endif %}.',
    unsubscribe: 'Se désinscrire',
    preferences: 'Gérer mes préférences',
  },
  en: {
    why: 'You receive this message from {{ company.name }}{% if company.address != "" %}, {{ company.address }}{% endif %}.',
    unsubscribe: 'Unsubscribe',
    preferences: 'Manage my preferences',
  },
};

/** Our layout around the body: the brand, the body, then the footer no template can remove. */
function layout(src: TemplateSource, body: string): string {
  const f = FOOTER[src.locale];
  return `<mjml lang="${src.locale}">
  <mj-head>
    <mj-preview>${escapeHtml(src.preheader)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Arial, Helvetica, sans-serif" />
      <mj-text font-size="15px" line-height="1.55" color="#1f2933" padding="0" />
    </mj-attributes>
    <mj-style inline="inline">a { color: #1864ab; } h1, h2, h3 { color: #0b3d91; margin: 0 0 12px; } p { margin: 0 0 12px; } img { max-width: 100%; height: auto; }</mj-style>
  </mj-head>
  <mj-body background-color="#f1f3f5" width="600px">
    <mj-section padding="24px 24px 12px">
      <mj-column><mj-text font-size="18px" font-weight="700" color="#0b3d91">{{ company.name }}</mj-text></mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="28px 28px 16px" border-radius="6px">
      <mj-column><mj-text>${body}</mj-text></mj-column>
    </mj-section>
    <mj-section padding="16px 24px 28px">
      <mj-column>
        <mj-text font-size="12px" line-height="1.5" color="#5c6670" align="center">${f.why}<br /><a href="{{ unsubscribeUrl }}">${f.unsubscribe}</a> · <a href="{{ preferencesUrl }}">${f.preferences}</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

function footerText(locale: TemplateLocale): string {
  const f = FOOTER[locale];
  return `\n\n--\n${f.why}\n${f.unsubscribe} : {{ unsubscribeUrl }}\n${f.preferences} : {{ preferencesUrl }}\n`;
}

/** A template compiled once: the parsed parts, ready for any number of recipients. */
export interface CompiledTemplate {
  subject: Template[];
  preheader: Template[];
  html: Template[];
  text: Template[];
}

const compiled = new Map<string, CompiledTemplate>();
const CACHE_SIZE = 200;

/**
 * Checks and compiles a template (throws `template.syntax_error`, `template.forbidden_tag` or
 * `template.unknown_variable` with the part at fault). Cached by content: a campaign's thousands of recipients
 * compile it once.
 */
export async function compileTemplate(src: TemplateSource): Promise<CompiledTemplate> {
  const key = createHash('sha256').update(JSON.stringify(src)).digest('base64url');
  const hit = compiled.get(key);
  if (hit) return hit;
  const body = unescapeLiquid(sanitizeBody(src.bodyHtml));
  const subject = parsePart(textEngine, 'subject', src.subject);
  const preheader = parsePart(textEngine, 'preheader', src.preheader);
  parsePart(htmlEngine, 'bodyHtml', body);
  const { html, errors } = await mjml2html(layout(src, body), { validationLevel: 'soft', keepComments: false });
  if (errors.length) throw syntaxError('bodyHtml', new Error(errors[0]?.formattedMessage ?? 'MJML error'));
  const text = convert(body, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
    ],
  });
  const result: CompiledTemplate = {
    subject,
    preheader,
    html: htmlEngine.parse(unescapeLiquid(html)),
    text: textEngine.parse(text + footerText(src.locale)),
  };
  if (compiled.size >= CACHE_SIZE) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, result);
  return result;
}

/** One recipient's mail. */
export function renderCompiled(t: CompiledTemplate, vars: RenderVars): RenderedMail {
  const scope = vars as unknown as Record<string, unknown>;
  return {
    subject: textEngine.renderSync(t.subject, scope).replace(/\s+/g, ' ').trim(),
    preheader: textEngine.renderSync(t.preheader, scope).trim(),
    html: htmlEngine.renderSync(t.html, scope),
    text: textEngine
      .renderSync(t.text, scope)
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  };
}

export async function renderTemplate(src: TemplateSource, vars: RenderVars): Promise<RenderedMail> {
  return renderCompiled(await compileTemplate(src), vars);
}
