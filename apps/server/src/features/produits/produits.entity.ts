import { ENUM_LABELS_FR } from '@crm/contracts';
import { describeFields, type EntityDef } from '../../platform/entities/entity.ts';
import { noRows, sharedScope } from '../../platform/entities/scope.repo.ts';
import { coded, col } from '../../platform/tabular/index.ts';
import { ProduitListQuery, UpdateProduitSchema } from './produits.contracts.ts';
import { produitBinLabel, produitLabel, produitSearchDetails } from './produits.entity.repo.ts';
import { produits } from './produits.schema.ts';
import { listProduitsFor } from './produits.service.ts';

/** Funds (the shared catalogue) in the entity registry (docs/ARCHITECTURE.md, "Entity registry"). */
export const produitEntity: EntityDef = {
  type: 'produit',
  path: 'produits',
  table: produits,
  id: produits.id,
  label: produitBinLabel,
  labelOf: (r) => (r.isin ? `${r.name} (${r.isin})` : String(r.name ?? '')),
  scope: sharedScope,
  list: {
    query: ProduitListQuery,
    run: listProduitsFor,
    savedViews: true,
    columns: [
      col('name', 'Nom'),
      col('isin', 'ISIN'),
      col('type', 'Type'),
      col('assetClass', 'Classe d’actifs'),
      col('category', 'Catégorie'),
      col('sriRisk', 'SRI'),
      col('sfdrArticle', 'SFDR'),
      col('currency', 'Devise'),
      coded('status', 'Statut', ENUM_LABELS_FR.produitStatus),
      col('id', 'ID'),
    ],
  },
  cached: true,
  events: { family: 'product', key: 'product' },
  softDelete: {
    deletedAt: produits.deletedAt,
    deletedBy: produits.deletedBy,
    // The catalogue is shared, but only those who may edit it see its bin.
    bin: { scope: (a) => (a.role === 'admin' || a.role === 'manager' || a.type === 'system' ? undefined : noRows) },
    purge: { order: 60 },
  },
  search: { text: produits.searchText, details: produitSearchDetails, label: produitLabel },
  fields: describeFields(UpdateProduitSchema, { writableBy: ['admin', 'manager'] }),
};
