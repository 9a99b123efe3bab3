import { ENUM_LABELS_FR } from '@crm/contracts';
import { describeFields, type EntityDef } from '../../platform/entities/entity.ts';
import { ownedScope } from '../../platform/entities/scope.repo.ts';
import { coded, col, joined, num } from '../../platform/tabular/index.ts';
import { OrganisationListQuery, UpdateOrganisationSchema } from './organisations.contracts.ts';
import { organisationLabel, organisationSearchDetails } from './organisations.entity.repo.ts';
import { organisations } from './organisations.schema.ts';
import { listOrganisationsFor } from './organisations.service.ts';

/** Organisations in the entity registry (docs/ARCHITECTURE.md, "Entity registry"). */
export const organisationEntity: EntityDef = {
  type: 'organisation',
  path: 'organisations',
  table: organisations,
  id: organisations.id,
  label: organisationLabel,
  labelOf: (r) => String(r.name ?? ''),
  scope: ownedScope(organisations),
  list: {
    query: OrganisationListQuery,
    run: listOrganisationsFor,
    savedViews: true,
    columns: [
      col('name', 'Nom'),
      coded('type', 'Type', ENUM_LABELS_FR.organisationType),
      col('category', 'Catégorie'),
      col('email', 'E-mail'),
      col('phone', 'Téléphone'),
      col('website', 'Site web'),
      col('amfLicence', 'N° agrément AMF'),
      col('address', 'Adresse'),
      col('postalCode', 'Code postal'),
      col('city', 'Ville'),
      col('countryCode', 'Pays'),
      col('aum', 'Encours (EUR)', num('aum')),
      col('aumDate', 'Date encours'),
      col('tier', 'Tier'),
      col('strategies', 'Stratégies', joined('strategies')),
      col('tags', 'Tags', joined('tags')),
      coded('source', 'Source', ENUM_LABELS_FR.source),
      col('isActive', 'Active'),
      col('marketingOptOut', 'Opposition aux communications marketing'),
      col('createdAt', 'Créée le'),
      col('updatedAt', 'Modifiée le'),
      col('id', 'ID'),
    ],
  },
  cached: true,
  events: {
    family: 'organisation',
    key: 'organisation',
    // A deleted organisation hides its contacts' and mandates' links to it in their lists.
    touches: (type) => (type === 'organisation.deleted' ? [{ path: 'people' }, { path: 'mandats' }] : []),
  },
  softDelete: {
    deletedAt: organisations.deletedAt,
    deletedBy: organisations.deletedBy,
    bin: {},
    // Kept while a mandate (even a binned one, purged first) still points to it.
    purge: { order: 50, keepIf: 'exists (select 1 from mandats m where m.organisation_id = organisations.id)' },
  },
  search: { text: organisations.searchText, details: organisationSearchDetails },
  hub: true,
  fields: describeFields(UpdateOrganisationSchema, { only: { ownerId: ['admin', 'manager'] } }),
};
