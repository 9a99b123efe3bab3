import { CONTRACT_STATUSES, LOST_REASON_CODES, MANDAT_KINDS, MANDAT_STAGES, SOURCES } from '@crm/contracts';
import { z } from 'zod';
import { expandedFields, expandParam } from '../../platform/http/expand.ts';
import { decimalAmount } from '../../platform/http/fields.ts';
import { dateQuery, listQueryBase, listResponse, multi } from '../../platform/http/list.ts';
import { ProduitSchema } from '../produits/produits.contracts.ts';

/** `amount` is a numeric(15,2) column. */
const money = decimalAmount({ precision: 15, scale: 2 }).describe('Decimal amount, as a number or a string');
const rate = z
  .union([z.number().min(0).max(100), z.string().regex(/^\d{1,3}(\.\d{1,3})?$/)])
  .transform((v) => String(v))
  .describe('Commission rate in percent (up to 3 decimals)');
const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'ISO 4217 code')
  .transform((s) => s.toUpperCase());
const stage = z.enum(MANDAT_STAGES);
const probability = z.number().int().min(0).max(100);
const lostReason = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .describe('Free-text detail of why the mandate was lost: required with `autre`; sent alone, the code is `autre`');
const lostReasonCode = z
  .enum(LOST_REASON_CODES)
  .describe('Why the mandate was lost (docs/DOMAIN.md, "Lost reasons"): required for `perdu`, kept at `perdu` only');

export const MandatSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(MANDAT_KINDS),
    title: z.string(),
    organisationId: z.uuid(),
    primaryContactId: z.uuid().nullable(),
    stage,
    amount: z.string().nullable().describe('Decimal string'),
    currency: z.string(),
    probability: z.number().int(),
    expectedCloseDate: z.string().nullable(),
    closedAt: z.date().nullable(),
    lostReasonCode: z.enum(LOST_REASON_CODES).nullable().describe('Why it was lost; null unless `perdu`'),
    lostReason: z.string().nullable().describe('Free-text detail of the lost reason; null unless `perdu`'),
    source: z.enum(SOURCES).nullable(),
    mandateNumber: z.string().nullable(),
    signedAt: z.string().nullable(),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    commissionRate: z.string().nullable(),
    contractStatus: z
      .enum(CONTRACT_STATUSES)
      .nullable()
      .describe('Won distribution mandates only, derived from start and end dates; null otherwise'),
    ownerId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
    deletedAt: z.date().nullable(),
  })
  .meta({ id: 'Mandat' });
export type MandatDto = z.infer<typeof MandatSchema>;

const editable = {
  kind: z.enum(MANDAT_KINDS),
  title: z.string().trim().min(1).max(300),
  organisationId: z.uuid(),
  primaryContactId: z.uuid().nullable(),
  amount: money.nullable(),
  currency,
  probability,
  expectedCloseDate: z.iso.date().nullable(),
  source: z.enum(SOURCES).nullable(),
  mandateNumber: z.string().trim().max(100).nullable(),
  signedAt: z.iso.date().nullable(),
  startDate: z.iso.date().nullable(),
  endDate: z.iso.date().nullable(),
  commissionRate: rate.nullable(),
  ownerId: z.uuid(),
};

export const CreateMandatSchema = z
  .object({ ...editable, stage, lostReasonCode, lostReason })
  .partial()
  .required({ kind: true, title: true, organisationId: true })
  .strict();
export type CreateMandatInput = z.infer<typeof CreateMandatSchema>;

export const UpdateMandatSchema = z
  .object({ ...editable, stage, lostReasonCode: lostReasonCode.nullable(), lostReason: lostReason.nullable() })
  .partial()
  .strict()
  .describe('A change of `stage` is a pipeline move (history, default probability, events)');
export type UpdateMandatInput = z.infer<typeof UpdateMandatSchema>;

export const MoveStageSchema = z
  .object({
    stage,
    probability: probability.optional().describe("Defaults to the stage's probability"),
    lostReasonCode: lostReasonCode.optional(),
    lostReason: lostReason.optional(),
  })
  .strict();
export type MoveStageInput = z.infer<typeof MoveStageSchema>;

export const StageChangeSchema = z
  .object({
    id: z.uuid(),
    mandatId: z.uuid(),
    fromStage: stage.nullable(),
    toStage: stage,
    changedAt: z.date(),
    changedBy: z.uuid().nullable(),
  })
  .meta({ id: 'MandatStageChange' });
export const StageHistorySchema = z.object({ items: z.array(StageChangeSchema) });

export const MandatListQuery = listQueryBase.extend({
  kind: multi(z.enum(MANDAT_KINDS)).optional(),
  stage: multi(stage).optional(),
  ownerId: multi(z.uuid()).optional(),
  teamId: multi(z.uuid()).optional(),
  organisationId: multi(z.uuid()).optional(),
  source: multi(z.enum(SOURCES)).optional(),
  lostReasonCode: multi(z.enum(LOST_REASON_CODES)).optional(),
  currency: multi(currency).optional(),
  contractStatus: multi(z.enum(CONTRACT_STATUSES)).optional(),
  amountMin: z.coerce.number().optional(),
  amountMax: z.coerce.number().optional(),
  expectedCloseFrom: z.iso.date().optional(),
  expectedCloseTo: z.iso.date().optional(),
  closedFrom: dateQuery.optional(),
  closedTo: dateQuery.optional(),
  createdFrom: dateQuery.optional(),
  createdTo: dateQuery.optional(),
});
export type MandatListFilter = z.infer<typeof MandatListQuery>;
export const MandatListSchema = listResponse(MandatSchema);

/** The query of `GET /mandats`: the list's filters plus `expand` (not an export's nor a saved view's parameter). */
export const MandatListRouteQuery = MandatListQuery.extend({ expand: expandParam(['organisation', 'owner']) });
/** A page of `GET /mandats`: items with the expanded relations when asked for. */
export const MandatPageSchema = listResponse(
  MandatSchema.extend({ organisation: expandedFields.organisation, owner: expandedFields.owner }).meta({
    id: 'MandatListItem',
  }),
);

export const PipelineQuery = z.object({
  kind: multi(z.enum(MANDAT_KINDS)).optional(),
  ownerId: multi(z.uuid()).optional(),
  teamId: multi(z.uuid()).optional(),
  closedFrom: dateQuery
    .optional()
    .describe('Only mandates closed since then (won or lost in a period: open stages then count 0)'),
});
export type PipelineFilter = z.infer<typeof PipelineQuery>;
export const PipelineSchema = z
  .object({
    stages: z.array(
      z.object({
        stage,
        count: z.number().int(),
        totalAmount: z.string().describe('Sum of amounts (decimal string; currencies are not converted)'),
      }),
    ),
  })
  .meta({ id: 'MandatPipeline' });

export const AttachProduitSchema = z
  .union([z.object({ produitId: z.uuid() }).strict(), z.object({ isin: z.string().trim().min(1).max(20) }).strict()])
  .describe('The product, by id or by ISIN');
export type AttachProduitInput = z.infer<typeof AttachProduitSchema>;
export const MandatProduitsSchema = z.object({ items: z.array(ProduitSchema) });
export const MandatProduitParams = z.object({ id: z.uuid(), produitId: z.uuid() });
