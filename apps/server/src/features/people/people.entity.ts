import { ENUM_LABELS_FR } from '@crm/contracts';
import { describeFields, type EntityDef } from '../../platform/entities/entity.ts';
import { ownedScope } from '../../platform/entities/scope.repo.ts';
import { coded, col } from '../../platform/tabular/index.ts';
import { PersonListQuery, UpdatePersonSchema } from './people.contracts.ts';
import { personLabel, personSearchDetails } from './people.entity.repo.ts';
import { people } from './people.schema.ts';
import { listPeopleFor } from './people.service.ts';

/** Contacts (people) in the entity registry (docs/ARCHITECTURE.md, "Entity registry"). */
export const personEntity: EntityDef = {
  type: 'person',
  path: 'people',
  table: people,
  id: people.id,
  label: personLabel,
  labelOf: (r) => `${r.firstName ?? ''} ${r.lastName ?? ''}`.trim(),
  scope: ownedScope(people),
  list: {
    query: PersonListQuery,
    run: listPeopleFor,
    savedViews: true,
    columns: [
      col('firstName', 'Prénom'),
      col('lastName', 'Nom'),
      col('email', 'E-mail'),
      col('phone', 'Téléphone'),
      col('mobile', 'Portable'),
      col('jobTitle', 'Fonction'),
      col('language', 'Langue'),
      col('countryCode', 'Pays'),
      col('linkedinUrl', 'LinkedIn'),
      col('linkedinConnectedOn', 'Connecté sur LinkedIn le'),
      coded('source', 'Source', ENUM_LABELS_FR.source),
      col('marketingOptOut', 'Refuse la prospection'),
      coded('legalBasis', 'Base légale', ENUM_LABELS_FR.legalBasis),
      col('lastActivityAt', 'Dernière activité'),
      col('createdAt', 'Créé le'),
      col('id', 'ID'),
    ],
  },
  cached: true,
  events: {
    family: 'contact',
    key: 'person',
    // A deleted contact leaves the mandates it is the main contact of, and its organisations' counts.
    touches: (type) => (type === 'contact.deleted' ? [{ path: 'mandats' }, { path: 'organisations' }] : []),
  },
  softDelete: { deletedAt: people.deletedAt, deletedBy: people.deletedBy, bin: {}, purge: { order: 40 } },
  search: { text: people.searchText, details: personSearchDetails },
  hub: true,
  fields: describeFields(UpdatePersonSchema, { only: { ownerId: ['admin', 'manager'] } }),
};
