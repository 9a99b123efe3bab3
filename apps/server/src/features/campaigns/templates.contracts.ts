import { z } from 'zod';
import { emailAddress } from '../../platform/http/fields.ts';
import { TEMPLATE_LOCALES } from './campaigns.schema.ts';
import { TEMPLATE_VARIABLES } from './render.ts';

/** E-mail templates and the marketing sender (docs/CAMPAIGNS.md). */

export const EmailTemplateSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    subject: z.string().describe('Liquid text: `{{ contact.firstName }}`…'),
    preheader: z.string().describe('The line mail clients show after the subject'),
    bodyHtml: z.string().describe('The body: sanitised HTML with Liquid variables, placed in the firm’s layout'),
    locale: z.enum(TEMPLATE_LOCALES).describe('The language of the layout’s footer'),
    ownerId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'EmailTemplate' });
export type EmailTemplateDto = z.infer<typeof EmailTemplateSchema>;

const content = {
  name: z.string().trim().min(1).max(120),
  subject: z.string().trim().min(1).max(250),
  preheader: z.string().trim().max(250).default(''),
  bodyHtml: z.string().min(1).max(200_000),
  locale: z.enum(TEMPLATE_LOCALES).default('fr'),
};

export const CreateEmailTemplateSchema = z.strictObject(content).meta({ id: 'EmailTemplateCreate' });
export type CreateEmailTemplateInput = z.infer<typeof CreateEmailTemplateSchema>;

export const UpdateEmailTemplateSchema = z
  .strictObject({
    name: content.name,
    subject: content.subject,
    preheader: z.string().trim().max(250),
    bodyHtml: content.bodyHtml,
    locale: z.enum(TEMPLATE_LOCALES),
  })
  .partial()
  .meta({ id: 'EmailTemplateChange' });
export type UpdateEmailTemplateInput = z.infer<typeof UpdateEmailTemplateSchema>;

export const EmailTemplateListSchema = z.object({ items: z.array(EmailTemplateSchema) });

export const TemplatePreviewInput = z
  .strictObject({
    personId: z.uuid().optional().describe('Render for this contact (one you may see); absent: sample values'),
    draft: CreateEmailTemplateSchema.omit({ name: true })
      .optional()
      .describe('Unsaved content to render instead of the stored one'),
  })
  .meta({ id: 'EmailTemplatePreviewRequest' });

export const TemplatePreviewSchema = z
  .object({
    subject: z.string(),
    preheader: z.string(),
    html: z.string().describe('The complete HTML mail (responsive, styles inlined)'),
    text: z.string().describe('The plain-text alternative'),
    personId: z.uuid().nullable().describe('The contact rendered for (null: sample values)'),
  })
  .meta({ id: 'EmailTemplatePreview' });

export const TemplateTestInput = z
  .strictObject({
    personId: z.uuid().optional().describe('Render for this contact; absent: sample values'),
    draft: CreateEmailTemplateSchema.omit({ name: true }).optional(),
  })
  .meta({ id: 'EmailTemplateTestRequest' });

export const TemplateTestResultSchema = z
  .object({
    mailId: z.uuid().describe('The test mail in the outbox'),
    to: z.string().describe('Your own address: a test goes to nobody else'),
  })
  .meta({ id: 'EmailTemplateTestResult' });

export const TemplateVariablesSchema = z
  .object({ items: z.array(z.object({ name: z.enum(TEMPLATE_VARIABLES), sample: z.string() })) })
  .meta({ id: 'EmailTemplateVariables' });

export const MarketingSettingsSchema = z
  .object({
    companyName: z.string().nullable().describe('In every footer; null until an administrator sets it'),
    postalAddress: z.string().nullable(),
    fromName: z.string().nullable().describe('The sender’s name on campaigns (default: the campaign author’s name)'),
    fromAddress: z.string().nullable().describe('The sender’s address on campaigns (default: the mail settings’ one)'),
    replyTo: z.string().nullable(),
    updatedAt: z.date().nullable(),
  })
  .meta({ id: 'MarketingSettings' });
export type MarketingSettingsDto = z.infer<typeof MarketingSettingsSchema>;

export const MarketingSettingsInput = z
  .strictObject({
    companyName: z.string().trim().min(1).max(200),
    postalAddress: z.string().trim().min(5).max(300),
    fromName: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .regex(/^[^<>\r\n"]*$/, 'a name without <, >, " or line breaks')
      .nullable()
      .optional(),
    fromAddress: emailAddress().nullable().optional(),
    replyTo: emailAddress().nullable().optional(),
  })
  .meta({ id: 'MarketingSettingsChange' });
export type MarketingSettingsInputDto = z.infer<typeof MarketingSettingsInput>;
