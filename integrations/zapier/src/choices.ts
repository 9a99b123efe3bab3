/**
 * The CRM's enum values (packages/contracts/src/domain.ts) with English labels, as Zapier dropdown choices.
 * The app is uploaded to Zapier on its own, so it keeps a copy: test/definition.test.ts fails when the two differ.
 */
export const MANDAT_KIND_CHOICES = { distribution: 'Distribution', placement: 'Placement' };

export const MANDAT_STAGE_CHOICES = {
  lead: 'Lead',
  rdv: 'Meeting',
  pitch: 'Pitch',
  due_diligence: 'Due diligence',
  negociation: 'Negotiation',
  gagne: 'Won',
  perdu: 'Lost',
};

/** Why a deal was lost (`lostReasonCode`); `autre` needs the lost reason's text. */
export const LOST_REASON_CHOICES = {
  prix: 'Fees too high',
  concurrent: 'Chose a competitor',
  performance: 'Fund performance',
  timing: 'Not the right time',
  budget: 'No budget',
  conformite: 'Compliance or due diligence',
  pas_de_reponse: 'No answer',
  besoin: 'No need',
  autre: 'Other (say what in Lost reason detail)',
};

export const INTERACTION_TYPE_CHOICES = {
  appel: 'Call',
  email: 'E-mail',
  reunion: 'Meeting',
  visio: 'Video call',
  pitch: 'Pitch',
  note: 'Note',
  autre: 'Other',
};

export const DIRECTION_CHOICES = { entrant: 'Inbound', sortant: 'Outbound' };

export const ORGANISATION_TYPE_CHOICES = {
  investisseur: 'Investor',
  client: 'Client',
  fournisseur: 'Supplier',
  distributeur: 'Distributor',
  emetteur: 'Issuer',
  autre: 'Other',
};

export const ORGANISATION_CATEGORY_CHOICES = {
  SDG: 'Asset manager (SDG)',
  CGPI: 'Independent financial adviser (CGPI)',
  Wholesale: 'Wholesale',
  Institution: 'Institution',
  Startup: 'Startup',
  Corporation: 'Corporation',
  Autres: 'Other',
};

export const SOURCE_CHOICES = {
  linkedin: 'LinkedIn',
  salon: 'Trade show',
  recommandation: 'Referral',
  site_web: 'Website',
  import: 'Import',
  registre_amf: 'AMF register',
  autre: 'Other',
};

export const LEGAL_BASIS_CHOICES = {
  consentement: 'Consent',
  interet_legitime: 'Legitimate interest',
  contrat: 'Contract',
  obligation_legale: 'Legal obligation',
};

export const LINK_ROLE_CHOICES = {
  contact_principal: 'Main contact',
  contact_secondaire: 'Secondary contact',
  decideur: 'Decision maker',
  technique: 'Technical',
  administratif: 'Administrative',
  autre: 'Other',
};

export const TIER_CHOICES = { '1': 'Tier 1', '2': 'Tier 2', '3': 'Tier 3' };
