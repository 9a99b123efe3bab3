import { LOST_REASON_LABELS, STAGE_LABELS } from './domain.ts';

/**
 * The French names of the stored codes, as people read them: the web app shows them (apps/web/src/app/locales/fr.ts)
 * and the French-Excel exports write them instead of the codes. Codes without a name here (organisation categories,
 * fund types) are shown as they are.
 */
export const ENUM_LABELS_FR = {
  organisationType: {
    investisseur: 'Investisseur',
    client: 'Client',
    fournisseur: 'Fournisseur',
    distributeur: 'Distributeur',
    emetteur: 'Émetteur',
    autre: 'Autre',
  },
  source: {
    linkedin: 'LinkedIn',
    salon: 'Salon',
    recommandation: 'Recommandation',
    site_web: 'Site web',
    import: 'Import',
    registre_amf: 'Registre AMF',
    autre: 'Autre',
  },
  linkRole: {
    contact_principal: 'Contact principal',
    contact_secondaire: 'Contact secondaire',
    decideur: 'Décideur',
    technique: 'Technique',
    administratif: 'Administratif',
    autre: 'Autre',
  },
  legalBasis: {
    consentement: 'Consentement',
    interet_legitime: 'Intérêt légitime',
    contrat: 'Contrat',
    obligation_legale: 'Obligation légale',
  },
  mandatKind: { distribution: 'Distribution', placement: 'Placement' },
  stage: STAGE_LABELS.fr,
  lostReason: LOST_REASON_LABELS.fr,
  contractStatus: { a_venir: 'À venir', actif: 'Actif', expire_bientot: 'Expire bientôt', termine: 'Terminé' },
  produitStatus: { en_attente: 'En attente', actif: 'Actif', inactif: 'Inactif' },
  interactionType: {
    appel: 'Appel',
    email: 'E-mail',
    reunion: 'Réunion',
    visio: 'Visioconférence',
    pitch: 'Présentation',
    note: 'Note',
    autre: 'Autre',
  },
  direction: { entrant: 'Entrant', sortant: 'Sortant' },
  taskStatus: { todo: 'À faire', doing: 'En cours', done: 'Terminée', cancelled: 'Annulée' },
  taskPriority: { basse: 'Basse', moyenne: 'Moyenne', haute: 'Haute', critique: 'Critique' },
  taskCategory: {
    relance: 'Relance',
    rdv: 'Rendez-vous',
    email: 'E-mail',
    due_diligence: 'Due diligence',
    pitch: 'Présentation',
    negociation: 'Négociation',
    admin: 'Administratif',
    autre: 'Autre',
  },
};

/** The lists of stored codes that have names (organisationType, stage, taskStatus…): the web app's `enums.<list>`. */
export type CodeList = keyof typeof ENUM_LABELS_FR;
export const CODE_LISTS = Object.keys(ENUM_LABELS_FR) as CodeList[];
