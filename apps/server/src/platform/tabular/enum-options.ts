import {
  LINK_ROLES,
  ORGANISATION_CATEGORIES,
  ORGANISATION_TYPES,
  type OrganisationCategory,
  type OrganisationType,
  SOURCES,
  type Source,
} from '@crm/contracts';

/** A stored enum value with its labels and the other spellings an import file may use. */
export interface EnumOption<V extends string = string> {
  value: V;
  label: { fr: string; en: string };
  aliases: string[];
}

type LinkRole = (typeof LINK_ROLES)[number];

function options<V extends string>(
  values: readonly V[],
  table: Record<V, [fr: string, en: string, ...aliases: string[]]>,
): EnumOption<V>[] {
  return values.map((value) => {
    const [fr, en, ...aliases] = table[value];
    return { value, label: { fr, en }, aliases };
  });
}

export const ORGANISATION_TYPE_OPTIONS = options<OrganisationType>(ORGANISATION_TYPES, {
  investisseur: ['Investisseur', 'Investor'],
  client: ['Client', 'Client', 'Customer'],
  fournisseur: ['Fournisseur', 'Supplier', 'Vendor', 'Prestataire'],
  distributeur: ['Distributeur', 'Distributor'],
  emetteur: ['Émetteur', 'Issuer'],
  autre: ['Autre', 'Other'],
});

export const ORGANISATION_CATEGORY_OPTIONS = options<OrganisationCategory>(ORGANISATION_CATEGORIES, {
  SDG: [
    'Société de gestion',
    'Asset manager',
    'SGP',
    'Société de gestion de portefeuille',
    'Asset management',
    'Gestionnaire d’actifs',
    'ManCo',
    'Management company',
    'SGIIC',
  ],
  CGPI: [
    'CGP / CGPI',
    'Wealth adviser',
    'CGP',
    'Conseiller en gestion de patrimoine',
    'Conseil en gestion de patrimoine',
    'Conseiller en gestion de patrimoine indépendant',
    'IFA',
    'Independent financial adviser',
    'Wealth manager',
    'Family office',
    'Multi family office',
  ],
  Wholesale: ['Wholesale', 'Wholesale', 'Banque privée', 'Private bank', 'Plateforme', 'Platform'],
  Institution: [
    'Institution',
    'Institution',
    'Institutionnel',
    'Institutional',
    'Assureur',
    'Insurer',
    'Caisse de retraite',
    'Pension fund',
  ],
  Startup: ['Startup', 'Startup', 'Start-up', 'Jeune pousse'],
  Corporation: ['Entreprise', 'Corporation', 'Corporate', 'Société'],
  Autres: ['Autres', 'Other', 'Autre', 'Others', 'Divers'],
});

export const SOURCE_OPTIONS = options<Source>(SOURCES, {
  linkedin: ['LinkedIn', 'LinkedIn'],
  salon: ['Salon', 'Trade show', 'Événement', 'Event', 'Conférence', 'Conference', 'Patrimonia'],
  recommandation: ['Recommandation', 'Referral', 'Recommendation', 'Bouche à oreille', 'Word of mouth'],
  site_web: ['Site web', 'Website', 'Site internet', 'Web'],
  import: ['Import', 'Import', 'Fichier', 'File'],
  registre_amf: ['Registre AMF', 'AMF register', 'AMF', 'ORIAS'],
  autre: ['Autre', 'Other', 'Autres'],
});

export const LINK_ROLE_OPTIONS = options<LinkRole>(LINK_ROLES, {
  contact_principal: ['Contact principal', 'Primary contact', 'Main contact', 'Principal'],
  contact_secondaire: ['Contact secondaire', 'Secondary contact', 'Secondaire', 'Secondary', 'Contact'],
  decideur: ['Décideur', 'Decision maker', 'Decision-maker', 'Décisionnaire', 'DM'],
  technique: ['Technique', 'Technical', 'Tech'],
  administratif: ['Administratif', 'Administrative', 'Admin', 'Back office', 'Middle office'],
  autre: ['Autre', 'Other', 'Autres'],
});
