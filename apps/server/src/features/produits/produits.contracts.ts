import { PRODUIT_STATUSES, PRODUIT_TYPES, SFDR_ARTICLES } from '@crm/contracts';
import { z } from 'zod';
import { listQueryBase, listResponse, multi } from '../../platform/http/list.ts';

const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'ISO 4217 code')
  .transform((s) => s.toUpperCase());
const sfdrArticle = z.union(SFDR_ARTICLES.map((n) => z.literal(n)));

/** Checked (format and check digit) by the service, which answers 400 `produit.invalid_isin`. */
const isinInput = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .describe('ISIN (ISO 6166), 12 characters with a valid check digit; upper-cased');

export const ProduitSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    isin: z.string(),
    type: z.enum(PRODUIT_TYPES),
    assetClass: z.string().nullable(),
    category: z.string().nullable(),
    sriRisk: z.number().int().nullable().describe('SRI risk indicator 1-7'),
    sfdrArticle: z.number().int().nullable().describe('SFDR article 6, 8 or 9'),
    currency: z.string(),
    managementCompanyId: z.uuid().nullable(),
    status: z.enum(PRODUIT_STATUSES),
    createdBy: z.uuid().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
    deletedAt: z.date().nullable(),
  })
  .meta({ id: 'Produit' });
export type ProduitDto = z.infer<typeof ProduitSchema>;

const editable = {
  name: z.string().trim().min(1).max(200),
  isin: isinInput,
  type: z.enum(PRODUIT_TYPES),
  assetClass: z.string().trim().max(120).nullable(),
  category: z.string().trim().max(120).nullable(),
  sriRisk: z.number().int().min(1).max(7).nullable(),
  sfdrArticle: sfdrArticle.nullable(),
  currency,
  managementCompanyId: z.uuid().nullable(),
  status: z.enum(PRODUIT_STATUSES),
};

export const CreateProduitSchema = z.object(editable).partial().required({ name: true, isin: true }).strict();
export type CreateProduitInput = z.infer<typeof CreateProduitSchema>;

export const UpdateProduitSchema = z.object(editable).partial().strict();
export type UpdateProduitInput = z.infer<typeof UpdateProduitSchema>;

export const ProduitListQuery = listQueryBase.extend({
  type: multi(z.enum(PRODUIT_TYPES)).optional(),
  status: multi(z.enum(PRODUIT_STATUSES)).optional(),
  sfdrArticle: multi(z.coerce.number().pipe(sfdrArticle)).optional(),
  sriRisk: multi(z.coerce.number().int().min(1).max(7)).optional(),
  assetClass: multi(z.string().trim().min(1).max(120))
    .optional()
    .describe('Asset classes containing one of these texts (comma-separated), case and accents ignored'),
  category: multi(z.string().trim().min(1).max(120))
    .optional()
    .describe('Categories containing one of these texts (comma-separated), case and accents ignored'),
  managementCompanyId: multi(z.uuid()).optional(),
  currency: multi(currency).optional(),
});
export type ProduitListFilter = z.infer<typeof ProduitListQuery>;

export const ProduitListSchema = listResponse(ProduitSchema);

export const IsinParams = z.object({ isin: z.string().trim().min(1).max(20) });
