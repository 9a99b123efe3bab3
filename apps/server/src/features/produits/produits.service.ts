import { audit, auditMany, diffFields, previousValues } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import { type Reassignment, reassignedField, reassignMetadata } from '../../platform/entities/reassign.ts';
import { AppError } from '../../platform/errors.ts';
import { emit, emitMany } from '../../platform/events/emit.ts';
import { isValidIsin } from './isin.ts';
import type { CreateProduitInput, ProduitDto, ProduitListFilter, UpdateProduitInput } from './produits.contracts.ts';
import {
  findProduit,
  findProduitByIsin,
  insertProduit,
  isUniqueViolation,
  listProduits,
  moveManagementCompany,
  organisationVisible,
  toProduitDto,
  updateProduitRow,
} from './produits.repo.ts';

const ENTITY = 'produit';

const notFound = (what: string) => new AppError('produit.not_found', `Product ${what} was not found`);

/** Upper-cased, without spaces; 400 `produit.invalid_isin` unless 12 characters with a valid check digit. */
export function normaliseIsin(raw: string, path = 'body.isin'): string {
  const isin = raw.replace(/\s+/g, '').toUpperCase();
  if (!isValidIsin(isin)) {
    throw new AppError('produit.invalid_isin', `"${raw}" is not a valid ISIN (12 characters, check digit)`, {
      status: 400,
      fields: [{ path, message: 'not a valid ISIN (ISO 6166 check digit)', code: 'invalid_isin' }],
    });
  }
  return isin;
}

const isinTaken = (isin: string, deleted: boolean) =>
  new AppError(
    'produit.isin_taken',
    deleted ? `A product with ISIN ${isin} is in the recycle bin; restore it` : `A product with ISIN ${isin} exists`,
    { status: 409, fields: [{ path: 'body.isin', message: 'already used', code: 'isin_taken' }] },
  );

/** The catalogue is written by admins and managers (the routes say so too; services re-check). */
function assertCatalogueEditor(ctx: Ctx): void {
  const { actor } = ctx;
  const ok = actor.type === 'system' || actor.role === 'admin' || actor.role === 'manager';
  if (!ok || !actor.scopes.includes('write'))
    throw new AppError('auth.forbidden', 'Only admins and managers edit products');
}

async function assertManagementCompany(ctx: Ctx, db: Parameters<typeof organisationVisible>[0], id: string | null) {
  if (id && !(await organisationVisible(db, ctx.actor, id))) {
    throw new AppError('produit.management_company_not_found', `Organisation ${id} was not found`, {
      status: 400,
      fields: [{ path: 'body.managementCompanyId', message: 'unknown organisation', code: 'not_found' }],
    });
  }
}

export const listProduitsFor = (ctx: Ctx, filter: ProduitListFilter) => listProduits(ctx.deps.database.db, filter);

export const listDeletedProduits = (ctx: Ctx, filter: ProduitListFilter) =>
  listProduits(ctx.deps.database.db, filter, { deleted: true });

export async function getProduit(ctx: Ctx, id: string): Promise<ProduitDto> {
  const row = await findProduit(ctx.deps.database.db, id);
  if (!row) throw notFound(id);
  return toProduitDto(row);
}

/** The live product with this ISIN (any case, spaces ignored); 404 `produit.not_found` otherwise. */
export async function getProduitByIsin(ctx: Ctx, rawIsin: string): Promise<ProduitDto> {
  const isin = rawIsin.replace(/\s+/g, '').toUpperCase();
  const row = await findProduitByIsin(ctx.deps.database.db, isin);
  if (!row || row.deletedAt) throw notFound(isin);
  return toProduitDto(row);
}

export async function createProduit(ctx: Ctx, input: CreateProduitInput): Promise<ProduitDto> {
  assertCatalogueEditor(ctx);
  const isin = normaliseIsin(input.isin);
  return withTx(ctx, async (t) => {
    const existing = await findProduitByIsin(t.db, isin);
    if (existing) throw isinTaken(isin, !!existing.deletedAt);
    await assertManagementCompany(ctx, t.db, input.managementCompanyId ?? null);
    const row = await insertProduit(t.db, { ...input, isin, createdBy: ctx.actor.userId }).catch((err) => {
      throw isUniqueViolation(err) ? isinTaken(isin, false) : err;
    });
    const dto = toProduitDto(row);
    await audit(t, { entityType: ENTITY, entityId: row.id, action: 'create', changes: diffFields(null, dto) });
    await emit(t, 'product.created', { product: dto });
    return dto;
  });
}

export async function updateProduit(ctx: Ctx, id: string, patch: UpdateProduitInput): Promise<ProduitDto> {
  assertCatalogueEditor(ctx);
  const values: UpdateProduitInput = { ...patch };
  if (patch.isin !== undefined) values.isin = normaliseIsin(patch.isin);
  return withTx(ctx, async (t) => {
    const before = await findProduit(t.db, id);
    if (!before) throw notFound(id);
    if (values.isin !== undefined && values.isin !== before.isin) {
      const other = await findProduitByIsin(t.db, values.isin);
      if (other) throw isinTaken(values.isin, !!other.deletedAt);
    }
    if (values.managementCompanyId !== undefined && values.managementCompanyId !== before.managementCompanyId) {
      await assertManagementCompany(ctx, t.db, values.managementCompanyId);
    }
    const beforeDto = toProduitDto(before);
    const changes = diffFields(beforeDto, values);
    if (Object.keys(changes).length === 0) return beforeDto;
    const row = await updateProduitRow(t.db, id, values).catch((err) => {
      throw isUniqueViolation(err) ? isinTaken(values.isin ?? '', false) : err;
    });
    const dto = toProduitDto(row);
    await audit(t, { entityType: ENTITY, entityId: id, action: 'update', changes });
    await emit(t, 'product.updated', {
      product: dto,
      changes: Object.keys(changes),
      previous: previousValues(changes),
    });
    return dto;
  });
}

/** Moves a product to the recycle bin (`product.deleted`). */
export async function deleteProduit(ctx: Ctx, id: string): Promise<void> {
  assertCatalogueEditor(ctx);
  await withTx(ctx, async (t) => {
    const before = await findProduit(t.db, id);
    if (!before) throw notFound(id);
    const row = await updateProduitRow(t.db, id, { deletedAt: ctx.deps.clock.now(), deletedBy: ctx.actor.userId });
    await audit(t, { entityType: ENTITY, entityId: id, action: 'delete' });
    await emit(t, 'product.deleted', { product: toProduitDto(row) });
  });
}

export async function restoreProduit(ctx: Ctx, id: string): Promise<ProduitDto> {
  assertCatalogueEditor(ctx);
  return withTx(ctx, async (t) => {
    const before = await findProduit(t.db, id, { withDeleted: true });
    if (!before?.deletedAt) throw new AppError('produit.not_found', `No deleted product ${id}`);
    const dto = toProduitDto(await updateProduitRow(t.db, id, { deletedAt: null, deletedBy: null }));
    await audit(t, { entityType: ENTITY, entityId: id, action: 'restore' });
    await emit(t, 'product.restored', { product: dto });
    return dto;
  });
}

/**
 * A merge's part: the funds managed by organisation `from` are now managed by `to` (binned ones included; a person
 * merge moves none). Each is audited (`update`, with the merge in the metadata) and announced as `product.updated`
 * with `changes` and `previous` (`managementCompanyId`), in the caller's transaction. Returns the ids moved.
 */
export async function reassignProduits(t: Tx, s: Reassignment): Promise<string[]> {
  const rows = await moveManagementCompany(t.db, s);
  const changes = reassignedField('managementCompanyId', s);
  await auditMany(
    t,
    rows.map((r) => ({ entityType: ENTITY, entityId: r.id, action: 'update', changes, metadata: reassignMetadata(s) })),
  );
  await emitMany(
    t,
    rows.map((r) => ({
      type: 'product.updated' as const,
      payload: { product: toProduitDto(r), changes: Object.keys(changes), previous: previousValues(changes) },
    })),
  );
  return rows.map((r) => r.id);
}
