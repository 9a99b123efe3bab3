import { roleMayModify } from '@crm/contracts';
import { audit, diffFields } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { queueMail } from '../mail/mail.service.ts';
import { getPerson } from '../people/people.service.ts';
import {
  compileTemplate,
  type RenderVars,
  renderTemplate,
  sanitizeBody,
  TEMPLATE_VARIABLES,
  type TemplateSource,
} from './render.ts';
import type {
  CreateEmailTemplateInput,
  EmailTemplateDto,
  MarketingSettingsDto,
  MarketingSettingsInputDto,
  UpdateEmailTemplateInput,
} from './templates.contracts.ts';
import {
  type EmailTemplateRow,
  findMarketingSettings,
  findTemplate,
  findUserIdentity,
  insertTemplate,
  listTemplates,
  type RecipientFacts,
  recipientFacts,
  updateTemplateRow,
  upsertMarketingSettings,
} from './templates.repo.ts';

const ENTITY = 'email_template';

const toDto = ({ deletedAt: _d, deletedBy: _b, ...dto }: EmailTemplateRow): EmailTemplateDto => dto;

const notFound = (id: string) => new AppError('email_template.not_found', `E-mail template ${id} was not found`);

async function load(ctx: Ctx, id: string): Promise<EmailTemplateRow> {
  const row = await findTemplate(ctx.deps.database.db, id);
  if (!row) throw notFound(id);
  return row;
}

/** Viewers read; the author, the author's team manager and administrators change (the records' rule). */
function assertMayWrite(ctx: Ctx, row?: EmailTemplateRow) {
  const who = { role: ctx.actor.role ?? 'viewer', userId: ctx.actor.userId, teamId: ctx.actor.teamId };
  if (who.role === 'viewer') throw forbidden('Viewers do not write templates');
  if (row && !roleMayModify(who, { ownerId: row.ownerId, teamId: row.teamId })) {
    throw forbidden('Only the author of a template, their manager or an administrator may change it');
  }
}

/** Sanitises the body and compiles the whole template: a template that cannot be sent is not saved. */
async function checked<T extends Partial<TemplateSource>>(content: T, base?: TemplateSource): Promise<T> {
  const out = content.bodyHtml === undefined ? content : { ...content, bodyHtml: sanitizeBody(content.bodyHtml) };
  const full = { ...(base ?? { subject: '', preheader: '', bodyHtml: '', locale: 'fr' as const }), ...out };
  if (!full.bodyHtml) {
    throw new AppError('template.syntax_error', 'The body is empty once sanitised', {
      fields: [{ path: 'body.bodyHtml', message: 'empty', code: 'empty' }],
    });
  }
  await compileTemplate(full);
  return out;
}

export async function listEmailTemplates(ctx: Ctx): Promise<EmailTemplateDto[]> {
  return (await listTemplates(ctx.deps.database.db)).map(toDto);
}

export const getEmailTemplate = async (ctx: Ctx, id: string) => toDto(await load(ctx, id));

export async function createEmailTemplate(ctx: Ctx, input: CreateEmailTemplateInput): Promise<EmailTemplateDto> {
  assertMayWrite(ctx);
  const values = await checked(input);
  return withTx(ctx, async (t) => {
    const row = await insertTemplate(t.db, { ...values, ownerId: ctx.actor.userId, teamId: ctx.actor.teamId });
    await audit(t, { entityType: ENTITY, entityId: row.id, action: 'create', changes: diffFields(null, toDto(row)) });
    return toDto(row);
  });
}

export async function updateEmailTemplate(
  ctx: Ctx,
  id: string,
  patch: UpdateEmailTemplateInput,
): Promise<EmailTemplateDto> {
  const current = await load(ctx, id);
  assertMayWrite(ctx, current);
  const values = await checked(patch, current);
  return withTx(ctx, async (t) => {
    const before = await findTemplate(t.db, id);
    if (!before) throw notFound(id);
    if (Object.values(values).every((v) => v === undefined)) return toDto(before);
    const row = await updateTemplateRow(t.db, id, values);
    await audit(t, { entityType: ENTITY, entityId: id, action: 'update', changes: diffFields(toDto(before), values) });
    return toDto(row);
  });
}

export async function deleteEmailTemplate(ctx: Ctx, id: string): Promise<void> {
  assertMayWrite(ctx, await load(ctx, id));
  await withTx(ctx, async (t) => {
    await updateTemplateRow(t.db, id, { deletedAt: ctx.deps.clock.now(), deletedBy: ctx.actor.userId });
    await audit(t, { entityType: ENTITY, entityId: id, action: 'delete' });
  });
}

// --- rendering -----------------------------------------------------------------------------------------------------

/** The sample values of a preview without a contact (and the examples of the variable picker). */
const SAMPLE: Omit<RenderVars, 'sender' | 'company' | 'unsubscribeUrl' | 'preferencesUrl'> = {
  contact: {
    firstName: 'Camille',
    lastName: 'Martin',
    fullName: 'Camille Martin',
    jobTitle: 'Conseillère en gestion de patrimoine',
    email: 'camille.martin@exemple.fr',
  },
  organisation: { name: 'Cabinet Martin Patrimoine', city: 'Lyon' },
};

export interface Sender {
  name: string;
  email: string;
}

/** Who marketing mail is from and what its footer says: the settings, or the firm's placeholders until they are set. */
export async function marketingIdentity(ctx: Ctx): Promise<{ company: RenderVars['company']; replyTo: string | null }> {
  const s = await findMarketingSettings(ctx.deps.database.db);
  return {
    company: { name: s?.companyName ?? '', address: s?.postalAddress ?? '' },
    replyTo: s?.replyTo ?? null,
  };
}

/** A contact's values for the template's variables. */
export function varsOf(
  facts: RecipientFacts | null,
  rest: Pick<RenderVars, 'sender' | 'company' | 'unsubscribeUrl' | 'preferencesUrl'>,
): RenderVars {
  if (!facts) return { ...SAMPLE, ...rest };
  return {
    contact: {
      firstName: facts.firstName,
      lastName: facts.lastName,
      fullName: `${facts.firstName} ${facts.lastName}`.trim(),
      jobTitle: facts.jobTitle ?? '',
      email: facts.email ?? '',
    },
    organisation: { name: facts.organisationName ?? '', city: facts.organisationCity ?? '' },
    ...rest,
  };
}

export { recipientFacts };

async function me(ctx: Ctx): Promise<{ name: string; email: string; locale: string }> {
  if (!ctx.actor.userId) throw forbidden('A user is needed');
  const u = await findUserIdentity(ctx.deps.database.db, ctx.actor.userId);
  if (!u) throw forbidden('A user is needed');
  return u;
}

interface RenderRequest {
  personId?: string;
  draft?: Omit<CreateEmailTemplateInput, 'name'>;
}

/** A template (stored, or the draft being edited) rendered for a contact the caller may see, or for sample values. */
async function renderFor(ctx: Ctx, id: string | null, req: RenderRequest) {
  const source: TemplateSource =
    req.draft ??
    (id ? await load(ctx, id) : null) ??
    (() => {
      throw notFound('draft');
    })();
  let facts: RecipientFacts | null = null;
  if (req.personId) {
    await getPerson(ctx, req.personId); // the caller's scope, and the RGPD access log
    facts = (await recipientFacts(ctx.deps.database.db, [req.personId])).get(req.personId) ?? null;
  }
  const [sender, identity] = await Promise.all([me(ctx), marketingIdentity(ctx)]);
  const vars = varsOf(facts, {
    sender: { name: sender.name, email: sender.email },
    company: identity.company,
    unsubscribeUrl: `${ctx.deps.config.appUrl}/email/unsubscribe/preview`,
    preferencesUrl: `${ctx.deps.config.appUrl}/email/preferences/preview`,
  });
  return { rendered: await renderTemplate(source, vars), sender, source };
}

export async function previewEmailTemplate(ctx: Ctx, id: string | null, req: RenderRequest) {
  const { rendered } = await renderFor(ctx, id, req);
  return { ...rendered, personId: req.personId ?? null };
}

/** "Send me a test": the rendered mail, to the caller's own address only, through the outbox. */
export async function sendTestEmailTemplate(ctx: Ctx, id: string | null, req: RenderRequest) {
  assertMayWrite(ctx);
  const { rendered, sender, source } = await renderFor(ctx, id, req);
  return withTx(ctx, async (t) => {
    const { id: mailId } = await queueMail(t, {
      category: 'test',
      to: sender.email,
      locale: source.locale,
      subject: `[Test] ${rendered.subject}`,
      text: rendered.text,
      html: rendered.html,
      userId: ctx.actor.userId,
    });
    await audit(t, { entityType: ENTITY, entityId: id, action: 'test_send', metadata: { mailId } });
    return { mailId, to: sender.email };
  });
}

export function templateVariables() {
  const sample: Record<string, string> = {
    'contact.firstName': SAMPLE.contact.firstName,
    'contact.lastName': SAMPLE.contact.lastName,
    'contact.fullName': SAMPLE.contact.fullName,
    'contact.jobTitle': SAMPLE.contact.jobTitle,
    'contact.email': SAMPLE.contact.email,
    'organisation.name': SAMPLE.organisation.name,
    'organisation.city': SAMPLE.organisation.city,
    'sender.name': 'Votre nom',
    'sender.email': 'vous@exemple.fr',
    'company.name': 'Votre société',
    'company.address': 'Son adresse postale',
    unsubscribeUrl: 'https://…/unsubscribe',
    preferencesUrl: 'https://…/preferences',
  };
  return { items: TEMPLATE_VARIABLES.map((name) => ({ name, sample: sample[name] ?? '' })) };
}

// --- the marketing sender ------------------------------------------------------------------------------------------

const toSettingsDto = (s: Awaited<ReturnType<typeof findMarketingSettings>>): MarketingSettingsDto => ({
  companyName: s?.companyName ?? null,
  postalAddress: s?.postalAddress ?? null,
  fromName: s?.fromName ?? null,
  fromAddress: s?.fromAddress ?? null,
  replyTo: s?.replyTo ?? null,
  updatedAt: s?.updatedAt ?? null,
});

export async function getMarketingSettings(ctx: Ctx): Promise<MarketingSettingsDto> {
  return toSettingsDto(await findMarketingSettings(ctx.deps.database.db));
}

export async function putMarketingSettings(ctx: Ctx, input: MarketingSettingsInputDto): Promise<MarketingSettingsDto> {
  return withTx(ctx, async (t) => {
    const before = toSettingsDto(await findMarketingSettings(t.db));
    const row = await upsertMarketingSettings(t.db, {
      companyName: input.companyName,
      postalAddress: input.postalAddress,
      fromName: input.fromName ?? null,
      fromAddress: input.fromAddress ?? null,
      replyTo: input.replyTo ?? null,
      updatedBy: ctx.actor.userId,
    });
    const after = toSettingsDto(row);
    await audit(t, { entityType: 'marketing_settings', action: 'update', changes: diffFields(before, after) });
    return after;
  });
}
