import {
  LINK_ROLE_OPTIONS,
  ORGANISATION_CATEGORY_OPTIONS,
  ORGANISATION_TYPE_OPTIONS,
  SOURCE_OPTIONS,
} from '../../platform/tabular/enum-options.ts';
import type { FieldKind, ImportField } from '../../platform/tabular/index.ts';
import { squashKey } from '../../platform/tabular/normalise.ts';

export const IMPORT_TARGETS = ['organisations', 'people', 'links'] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

const f = (
  name: string,
  fr: string,
  en: string,
  kind: FieldKind,
  synonyms: string[],
  extra: Partial<ImportField> = {},
): ImportField => ({ name, label: { fr, en }, kind, synonyms: [fr, en, name, ...synonyms], ...extra });

const common = {
  email: (syn: string[] = []) =>
    f('email', 'E-mail', 'Email', 'email', [
      'Mail',
      'Courriel',
      'Adresse e-mail',
      'Adresse mail',
      'Adresse électronique',
      'Email Address',
      'E-mail address',
      ...syn,
    ]),
  phone: () =>
    f('phone', 'Téléphone', 'Phone', 'phone', [
      'Tel',
      'Tél',
      'Téléphone fixe',
      'Phone number',
      'Telephone',
      'Ligne directe',
      'Standard',
    ]),
  city: () => f('city', 'Ville', 'City', 'text', ['Localité', 'Commune', 'Town']),
  country: () => f('countryCode', 'Pays', 'Country', 'country', ['Code pays', 'Country code', 'Pays (code)']),
  notes: () =>
    f('notes', 'Notes', 'Notes', 'text', ['Note', 'Commentaire', 'Commentaires', 'Comments', 'Comment', 'Remarques']),
  tags: () => f('tags', 'Étiquettes', 'Tags', 'list', ['Tag', 'Mots-clés', 'Labels', 'Étiquette']),
  source: () =>
    f('source', 'Source', 'Source', 'enum', ['Origine', 'Provenance', 'Lead source'], { options: SOURCE_OPTIONS }),
};

export const FIELD_CATALOGUE: Record<ImportTarget, ImportField[]> = {
  organisations: [
    f(
      'name',
      'Nom',
      'Name',
      'text',
      [
        'Raison sociale',
        'Société',
        'Company',
        'Company name',
        'Organisation',
        'Organization',
        'Nom de la société',
        'Entreprise',
        'Dénomination',
        'Nom société',
      ],
      { required: true },
    ),
    f('type', 'Type', 'Type', 'enum', ['Type d’organisation', 'Organisation type'], {
      options: ORGANISATION_TYPE_OPTIONS,
    }),
    f('category', 'Catégorie', 'Category', 'enum', ['Segment', 'Typologie'], {
      options: ORGANISATION_CATEGORY_OPTIONS,
    }),
    common.email(),
    common.phone(),
    f('website', 'Site web', 'Website', 'url', ['Site', 'URL', 'Site internet', 'Web', 'Web site', 'Homepage']),
    f('amfLicence', 'N° d’agrément AMF', 'AMF licence number', 'text', [
      'Agrément AMF',
      'Numéro d’agrément',
      'Numéro d’agrément AMF',
      'N° agrément AMF',
      'Agrément',
      'AMF licence',
      'AMF number',
    ]),
    f('address', 'Adresse', 'Address', 'text', ['Adresse postale', 'Rue', 'Street', 'Address line 1', 'Adresse 1']),
    f('postalCode', 'Code postal', 'Postal code', 'text', ['CP', 'Zip', 'Zip code', 'Postcode', 'Code postal (CP)']),
    common.city(),
    common.country(),
    f('aum', 'Encours', 'AUM', 'decimal', [
      'Actifs sous gestion',
      'Assets under management',
      'Encours sous gestion',
      'Encours (€)',
      'AUM (€)',
      'Encours gérés',
    ]),
    f('aumDate', 'Date des encours', 'AUM date', 'date', ['Date encours', 'Encours au', 'AUM as of']),
    f('tier', 'Tier', 'Tier', 'integer', ['Niveau', 'Priorité', 'Priority']),
    common.tags(),
    f('strategies', 'Stratégies', 'Strategies', 'list', ['Stratégie', 'Strategy', 'Classes d’actifs', 'Asset classes']),
    common.notes(),
    common.source(),
  ],
  people: [
    f('firstName', 'Prénom', 'First name', 'text', ['Given name', 'Firstname', 'Forename'], { required: true }),
    f(
      'lastName',
      'Nom',
      'Last name',
      'text',
      ['Nom de famille', 'Surname', 'Family name', 'Lastname', 'Nom patronymique'],
      { required: true },
    ),
    common.email(['Email pro', 'E-mail professionnel', 'Work email', 'Business email']),
    f('personalEmail', 'E-mail personnel', 'Personal email', 'email', ['Email perso', 'Mail perso', 'Private email']),
    common.phone(),
    f('mobile', 'Portable', 'Mobile', 'phone', [
      'Cell',
      'Cellphone',
      'Cell phone',
      'Mobile phone',
      'Téléphone portable',
      'Tél portable',
      'Tel mobile',
      'Téléphone mobile',
      'GSM',
    ]),
    f('jobTitle', 'Fonction', 'Job title', 'text', [
      'Poste',
      'Titre',
      'Position',
      'Title',
      'Intitulé de poste',
      'Rôle',
    ]),
    f('organisationName', 'Société', 'Company', 'text', [
      'Entreprise',
      'Organisation',
      'Organization',
      'Employeur',
      'Employer',
      'Company name',
      'Nom de la société',
      'Raison sociale',
      'Structure',
      'Cabinet',
    ]),
    f('linkedinUrl', 'Profil LinkedIn', 'LinkedIn URL', 'url', [
      'URL',
      'LinkedIn',
      'Profile URL',
      'LinkedIn profile',
      'Profil',
    ]),
    common.city(),
    common.country(),
    common.notes(),
    common.tags(),
    common.source(),
    f('connectedOn', 'Connecté le', 'Connected on', 'date', ['Date de connexion', 'Connection date']),
  ],
  links: [
    f(
      'personEmail',
      'E-mail de la personne',
      'Person email',
      'email',
      ['E-mail', 'Email', 'Email Address', 'Adresse e-mail', 'Courriel', 'Contact email'],
      { required: true },
    ),
    f(
      'organisationName',
      'Société',
      'Organisation',
      'text',
      ['Company', 'Organization', 'Entreprise', 'Raison sociale', 'Nom de la société'],
      { required: true },
    ),
    f('role', 'Rôle', 'Role', 'enum', ['Role du contact', 'Contact role'], { options: LINK_ROLE_OPTIONS }),
    f('isPrimary', 'Principal', 'Primary', 'boolean', [
      'Organisation principale',
      'Primary organisation',
      'Is primary',
      'Société principale',
    ]),
    f('jobTitle', 'Fonction', 'Job title', 'text', ['Poste', 'Titre', 'Position', 'Title']),
  ],
};

/** The catalogue of one target, for the mapping screen. */
export function importFieldsOf(target: ImportTarget): ImportField[] {
  return FIELD_CATALOGUE[target];
}

/** Every squashed synonym of every target: what a header row looks like (used to skip preambles). */
export const knownHeaderKeys: ReadonlySet<string> = new Set(
  Object.values(FIELD_CATALOGUE).flatMap((fields) => fields.flatMap((field) => field.synonyms.map(squashKey))),
);
