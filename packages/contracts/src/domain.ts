/**
 * The stored enum values of DOMAIN.md, shared by the server (pgEnum, Zod) and the web app (labels are
 * translated there). Order matters where it means something (pipeline stages, priorities).
 */
export const ORGANISATION_TYPES = [
  'investisseur',
  'client',
  'fournisseur',
  'distributeur',
  'emetteur',
  'autre',
] as const;
export const ORGANISATION_CATEGORIES = [
  'SDG',
  'CGPI',
  'Wholesale',
  'Institution',
  'Startup',
  'Corporation',
  'Autres',
] as const;
export const SOURCES = ['linkedin', 'salon', 'recommandation', 'site_web', 'import', 'registre_amf', 'autre'] as const;
export const LEGAL_BASES = ['consentement', 'interet_legitime', 'contrat', 'obligation_legale'] as const;
export const LINK_ROLES = [
  'contact_principal',
  'contact_secondaire',
  'decideur',
  'technique',
  'administratif',
  'autre',
] as const;

export const MANDAT_KINDS = ['distribution', 'placement'] as const;
export const MANDAT_STAGES = ['lead', 'rdv', 'pitch', 'due_diligence', 'negociation', 'gagne', 'perdu'] as const;
export const OPEN_MANDAT_STAGES = ['lead', 'rdv', 'pitch', 'due_diligence', 'negociation'] as const;
/** Default probability of each stage, applied on a stage change unless one is given. */
export const STAGE_PROBABILITY: Record<(typeof MANDAT_STAGES)[number], number> = {
  lead: 10,
  rdv: 20,
  pitch: 40,
  due_diligence: 60,
  negociation: 80,
  gagne: 100,
  perdu: 0,
};

/** The stage names people read, per language: the web app's strings and the server's notifications share them. */
export const STAGE_LABELS: Record<'fr' | 'en', Record<(typeof MANDAT_STAGES)[number], string>> = {
  fr: {
    lead: 'Prospect',
    rdv: 'Rendez-vous',
    pitch: 'Présentation',
    due_diligence: 'Due diligence',
    negociation: 'Négociation',
    gagne: 'Gagné',
    perdu: 'Perdu',
  },
  en: {
    lead: 'Lead',
    rdv: 'Meeting',
    pitch: 'Pitch',
    due_diligence: 'Due diligence',
    negociation: 'Negotiation',
    gagne: 'Won',
    perdu: 'Lost',
  },
};
export const CONTRACT_STATUSES = ['a_venir', 'actif', 'expire_bientot', 'termine'] as const;

/**
 * Why a mandate was lost (`lostReasonCode`, docs/DOMAIN.md "Lost reasons"): a stable code the sales analytics count,
 * beside the free-text detail `lostReason` (optional, required for `autre`). Stored codes: never renamed.
 */
export const LOST_REASON_CODES = [
  'prix',
  'concurrent',
  'performance',
  'timing',
  'budget',
  'conformite',
  'pas_de_reponse',
  'besoin',
  'autre',
] as const;
export type LostReasonCode = (typeof LOST_REASON_CODES)[number];

/** The lost reasons people read, per language: the web app, the exports and the notifications share them. */
export const LOST_REASON_LABELS: Record<'fr' | 'en', Record<LostReasonCode, string>> = {
  fr: {
    prix: 'Frais trop élevés',
    concurrent: 'Choix d’un concurrent',
    performance: 'Performance du fonds',
    timing: 'Pas le bon moment',
    budget: 'Pas de budget',
    conformite: 'Conformité ou due diligence',
    pas_de_reponse: 'Sans réponse',
    besoin: 'Pas de besoin',
    autre: 'Autre',
  },
  en: {
    prix: 'Fees too high',
    concurrent: 'Chose a competitor',
    performance: 'Fund performance',
    timing: 'Not the right time',
    budget: 'No budget',
    conformite: 'Compliance or due diligence',
    pas_de_reponse: 'No answer',
    besoin: 'No need',
    autre: 'Other',
  },
};

export const PRODUIT_TYPES = ['OPCVM', 'FCP', 'SICAV', 'ETF', 'FIA', 'SCPI', 'autre'] as const;
export const PRODUIT_STATUSES = ['en_attente', 'actif', 'inactif'] as const;
export const SFDR_ARTICLES = [6, 8, 9] as const;

export const INTERACTION_TYPES = ['appel', 'email', 'reunion', 'visio', 'pitch', 'note', 'autre'] as const;
export const DIRECTIONS = ['entrant', 'sortant'] as const;

export const TASK_STATUSES = ['todo', 'doing', 'done', 'cancelled'] as const;
export const OPEN_TASK_STATUSES = ['todo', 'doing'] as const;
export const TASK_PRIORITIES = ['basse', 'moyenne', 'haute', 'critique'] as const;
export const TASK_CATEGORIES = [
  'relance',
  'rdv',
  'email',
  'due_diligence',
  'pitch',
  'negociation',
  'admin',
  'autre',
] as const;

/** Records that carry notes, attachments and a timeline. */
export const NOTABLE_ENTITIES = ['organisation', 'person', 'mandat'] as const;
/** Lists that take saved views (segments): the list's path under /api/v1. */
export const SEGMENT_ENTITIES = ['organisations', 'people', 'mandats', 'produits', 'tasks'] as const;

export type OrganisationType = (typeof ORGANISATION_TYPES)[number];
export type OrganisationCategory = (typeof ORGANISATION_CATEGORIES)[number];
export type Source = (typeof SOURCES)[number];
export type MandatStage = (typeof MANDAT_STAGES)[number];
export type MandatKind = (typeof MANDAT_KINDS)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type NotableEntity = (typeof NOTABLE_ENTITIES)[number];
