import { OPEN_MANDAT_STAGES } from '@crm/contracts';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events/emit.ts';
import type { ProduitDto } from '../produits/produits.contracts.ts';
import { getProduit, getProduitByIsin } from '../produits/produits.service.ts';
import { dtoOf, ENTITY, lockMandatForChange, mandatNotFound } from './mandat-stage.service.ts';
import type { AttachProduitInput } from './mandats.contracts.ts';
import {
  attachProduitRow,
  detachProduitRow,
  findMandat,
  isProduitAttached,
  listAttachedProduits,
  type MandatRow,
} from './mandats.repo.ts';

/** DOMAIN.md: a product goes on a won mandate, or on a placement at any open stage. */
export function mayCarryProduits(m: Pick<MandatRow, 'kind' | 'stage'>): boolean {
  return m.stage === 'gagne' || (m.kind === 'placement' && (OPEN_MANDAT_STAGES as readonly string[]).includes(m.stage));
}

export async function listMandatProduits(ctx: Ctx, id: string): Promise<ProduitDto[]> {
  const db = ctx.deps.database.db;
  if (!(await findMandat(db, ctx.actor, id))) throw mandatNotFound(id);
  return (await listAttachedProduits(db, id)) as ProduitDto[];
}

/** Attaches a live product (by id or ISIN) to a mandate the caller may change; audited, emits `deal.updated`. */
export async function attachProduitToMandat(ctx: Ctx, id: string, input: AttachProduitInput): Promise<ProduitDto> {
  const produit = 'isin' in input ? await getProduitByIsin(ctx, input.isin) : await getProduit(ctx, input.produitId);
  return withTx(ctx, async (t) => {
    const mandat = await lockMandatForChange(t, id);
    if (!mayCarryProduits(mandat)) {
      throw new AppError(
        'mandat.produit_not_allowed',
        'Products go on a won mandate (gagne) or on a placement at an open stage',
        { status: 409 },
      );
    }
    if (await isProduitAttached(t.db, id, produit.id)) {
      throw new AppError('mandat.produit_already_attached', `Product ${produit.isin} is already on this mandate`, {
        status: 409,
      });
    }
    await attachProduitRow(t.db, id, produit.id);
    await audit(t, {
      entityType: ENTITY,
      entityId: id,
      action: 'produit_attach',
      metadata: { produitId: produit.id, isin: produit.isin },
    });
    await emit(t, 'deal.updated', { mandat: dtoOf(ctx, mandat), changes: ['produits'] });
    return produit;
  });
}

export async function detachProduitFromMandat(ctx: Ctx, id: string, produitId: string): Promise<void> {
  await withTx(ctx, async (t) => {
    const mandat = await lockMandatForChange(t, id);
    if (!(await detachProduitRow(t.db, id, produitId))) {
      throw new AppError('mandat.produit_not_found', `Product ${produitId} is not on this mandate`, {
        status: 404,
      });
    }
    await audit(t, { entityType: ENTITY, entityId: id, action: 'produit_detach', metadata: { produitId } });
    await emit(t, 'deal.updated', { mandat: dtoOf(ctx, mandat), changes: ['produits'] });
  });
}
