/**
 * The problem codes of the API (`code` of a problem+json answer) in French: `problemMessage` (ui/ProblemAlert.tsx) shows
 * these, never the server's English `detail`. A test checks that every code the server can answer has its text.
 */
export const problemsFr = {
  analytics_alert: {
    funnel_not_found: 'Cet entonnoir enregistré n’existe plus : choisissez-en un autre.',
    funnel_required: 'Choisissez l’entonnoir que l’alerte surveille.',
    invalid: 'Cette alerte est incohérente : vérifiez son type, son seuil et son entonnoir.',
    not_found: 'Cette alerte n’existe plus.',
  },
  analytics: {
    malformed_payload: 'Ces mesures d’utilisation n’ont pas pu être lues.',
    origin_forbidden: 'Les mesures d’utilisation ne sont acceptées que depuis les pages du CRM.',
    overloaded: 'Le service de mesure d’utilisation est saturé : nouvel essai dans un instant.',
    payload_too_large: 'Cet envoi de mesures d’utilisation est trop volumineux.',
    replay_requires_analytics: 'L’enregistrement des sessions demande d’accepter aussi la mesure d’utilisation.',
    unavailable: 'La mesure d’utilisation n’est pas disponible pour le moment.',
    unsupported_encoding: 'Cet encodage des mesures d’utilisation n’est pas accepté.',
  },
  api_keys: {
    scope_forbidden: 'Cette clé d’API n’a pas le droit demandé.',
    validation: 'La clé d’API est incomplète ou invalide.',
  },
  attachment: {
    file_required: 'Choisissez un fichier à joindre.',
    multipart_required: 'Le fichier doit être envoyé comme pièce jointe d’un formulaire.',
    not_found: 'Ce fichier n’existe plus.',
    too_large: 'Ce fichier est trop volumineux.',
    type_not_allowed: 'Ce type de fichier n’est pas accepté.',
  },
  auth: {
    account_protected: 'Ce compte est protégé : cette action est impossible.',
    api_key_invalid: 'La clé d’API est inconnue, expirée ou révoquée.',
    csrf: 'Votre session a expiré pour cette page : rechargez-la et réessayez.',
    current_password_wrong: 'Le mot de passe actuel est incorrect.',
    forbidden: 'Vous n’avez pas les droits nécessaires pour cette action.',
    invalid_credentials: 'E-mail ou mot de passe incorrect.',
    reset_token_invalid: 'Ce lien de réinitialisation est invalide ou a expiré : demandez-en un nouveau.',
    scope_missing: 'Cette clé d’API n’a pas le droit demandé.',
    session_not_found: 'Cette session n’existe plus.',
    session_required: 'Cette action demande une connexion par mot de passe, pas une clé d’API.',
    too_many_attempts: 'Trop de tentatives : réessayez dans quelques minutes.',
    totp_already_enabled: 'La validation en deux étapes est déjà activée.',
    totp_invalid: 'Ce code de validation est incorrect ou expiré.',
    totp_not_enabled: 'La validation en deux étapes n’est pas activée.',
    totp_not_set_up: 'Commencez par configurer la validation en deux étapes.',
    totp_required: 'Saisissez le code de votre application de validation.',
    unauthenticated: 'Votre session a expiré : reconnectez-vous.',
    weak_password: 'Ce mot de passe est trop faible : allongez-le ou évitez les mots courants.',
  },
  batch: {
    too_many_items: 'Trop de lignes en une fois (500 au plus).',
  },
  campaign: {
    active: 'Cette campagne est en cours : annulez-la avant de la supprimer.',
    invalid: 'Cette campagne est invalide : corrigez les champs signalés.',
    invalid_audience: 'L’audience d’une campagne est une vue de contacts.',
    invalid_transition: 'Cette action n’est pas possible dans l’état actuel de la campagne.',
    not_draft: 'Seul un brouillon peut être modifié ou programmé : repassez la campagne en brouillon.',
    not_found: 'Cette campagne n’existe plus.',
  },
  database: {
    unavailable: 'La base de données redémarre : réessayez dans {{seconds}} s. Aucune donnée enregistrée n’est perdue.',
  },
  email_consent: {
    invalid: 'Ce consentement est invalide : sa date de recueil ne peut pas être dans le futur.',
  },
  email_inbound: {
    malformed:
      'Ce retour (rebond ou plainte) est illisible : envoyez un message brut (message/rfc822) ou l’événement JSON décrit dans la documentation de l’API.',
    signature_invalid:
      'La signature de ce retour (rebond ou plainte) ne correspond pas : vérifiez le secret partagé (EMAIL_INBOUND_SECRET).',
    timestamp_out_of_range:
      'Ce retour (rebond ou plainte) est daté de plus de 5 minutes d’écart : vérifiez l’horloge de l’expéditeur, ou c’est un rejeu.',
  },
  email_suppression: {
    already_exists: 'Cette adresse est déjà dans la liste des désinscriptions.',
    not_found: 'Cette adresse n’est pas dans la liste des désinscriptions.',
  },
  email_template: {
    not_found: 'Ce modèle d’e-mail n’existe plus.',
  },
  feature_flag: {
    already_exists: 'Un autre drapeau a déjà cette clé.',
    invalid: 'Ce drapeau est incohérent : vérifiez ses équipes et ses dates.',
    not_an_experiment: 'Ce drapeau n’est pas une expérience : il lui faut des variantes et un événement objectif.',
    not_found: 'Ce drapeau n’existe plus.',
  },
  funnel: {
    not_found: 'Cet entonnoir n’existe plus.',
  },
  idempotency: {
    in_progress: 'La même demande est déjà en cours : patientez un instant.',
    invalid_key: 'La clé d’idempotence est invalide.',
    key_reused: 'Cette clé d’idempotence a déjà servi pour une autre demande.',
    unsupported_for_multipart: 'Une clé d’idempotence n’est pas acceptée pour un envoi de fichier.',
  },
  import: {
    already_started: 'Cet import a déjà été lancé.',
    cell_too_long: 'Une cellule du fichier est trop longue.',
    file_missing: 'Choisissez un fichier à importer.',
    invalid_date: 'Date invalide.',
    invalid_mapping: 'La correspondance des colonnes est incomplète ou invalide.',
    mapping_duplicate_field: 'Deux colonnes vont vers le même champ.',
    mapping_missing_required: 'Un champ obligatoire n’a pas de colonne.',
    mapping_unknown_field: 'Une colonne vise un champ inconnu.',
    not_found: 'Cet import n’existe plus.',
    not_validated: 'Lancez d’abord l’essai à blanc.',
    organisation_not_found: 'Organisation introuvable.',
    parse_timeout: 'Le fichier a mis trop de temps à être lu : découpez-le.',
    person_not_found: 'Contact introuvable.',
    required: 'Valeur obligatoire manquante.',
    review_pending: 'Choisissez ce que deviennent les lignes à examiner.',
    review_unknown_row: 'Une ligne examinée n’existe pas dans ce fichier.',
    too_complex: 'Ce fichier est trop complexe pour être lu.',
    too_large: 'Ce fichier est trop volumineux.',
    too_large_unzipped: 'Ce fichier Excel est trop volumineux une fois décompressé.',
    too_many_cells: 'Ce fichier a trop de cellules.',
    too_many_columns: 'Ce fichier a trop de colonnes.',
    too_many_rows: 'Ce fichier a trop de lignes.',
    unreadable: 'Ce fichier est illisible : vérifiez son format.',
    unsupported_format: 'Format non pris en charge : importez un fichier CSV ou Excel (XLSX).',
  },
  interaction: {
    duplicate: 'Cette interaction est déjà enregistrée.',
    not_found: 'Cette interaction n’existe plus.',
    target_required: 'Rattachez l’interaction à une organisation, un contact ou un mandat.',
  },
  internal: {
    error: 'Une erreur inattendue est survenue. Réessayez ; si elle persiste, prévenez un administrateur.',
  },
  job: {
    archived: 'Cette tâche de fond est archivée.',
    not_failed: 'Cette tâche de fond n’a pas échoué.',
  },
  list: {
    invalid_cursor: 'La page demandée a expiré : revenez au début de la liste.',
    invalid_range: 'Le début de l’intervalle dépasse sa fin : corrigez l’un des deux.',
    invalid_sort: 'Cette colonne ne peut pas être triée.',
  },
  mandat: {
    contact_not_found: 'Ce contact est introuvable.',
    lost_reason_detail_required: 'Précisez le motif de perte quand vous choisissez « Autre ».',
    lost_reason_required: 'Choisissez le motif de perte.',
    not_found: 'Ce mandat n’existe plus.',
    organisation_not_found: 'Cette organisation est introuvable.',
    produit_already_attached: 'Ce fonds est déjà rattaché au mandat.',
    produit_not_allowed: 'Des fonds ne se rattachent qu’à un mandat gagné ou à un placement en cours.',
    produit_not_found: 'Ce fonds est introuvable.',
  },
  meta: {
    entity_not_found: 'Ce type de fiche n’a pas de champs modifiables en masse.',
  },
  note: {
    invalid: 'Cette note est vide ou trop longue.',
    not_found: 'Cette note n’existe plus.',
  },
  notification: {
    not_found: 'Cette notification n’existe plus.',
  },
  organisation: {
    duplicate: 'Une organisation au nom très proche existe déjà.',
    merge_same: 'Choisissez deux organisations différentes.',
    not_found: 'Cette organisation n’existe plus.',
    upsert_ambiguous: 'Plusieurs organisations portent ce nom : précisez laquelle.',
  },
  person: {
    already_anonymised: 'Ce contact est déjà anonymisé.',
    duplicate: 'Un contact semblable existe déjà.',
    email_taken: 'Un autre contact a déjà cet e-mail.',
    invalid: 'Certaines informations du contact sont invalides.',
    not_found: 'Ce contact n’existe plus.',
    upsert_ambiguous: 'Plusieurs contacts ont cet e-mail : précisez lequel.',
  },
  person_organisation: {
    already_exists: 'Ce contact est déjà rattaché à cette organisation.',
    not_found: 'Ce rattachement n’existe plus.',
  },
  product_analytics: {
    invalid_period: 'La période est inversée : la date de début doit précéder celle de fin.',
    period_too_long: 'La période est trop longue : 400 jours au plus.',
    recording_not_found: 'Cet enregistrement de session n’est plus conservé.',
  },
  produit: {
    invalid_isin: 'Ce code ISIN est invalide (12 caractères, clé de contrôle).',
    isin_taken: 'Un fonds a déjà ce code ISIN.',
    management_company_not_found: 'Cette société de gestion est introuvable.',
    not_found: 'Ce fonds n’existe plus.',
  },
  rate_limit: {
    exceeded: 'Trop de requêtes : réessayez dans {{seconds}} s.',
  },
  record: {
    owner_required: 'Choisissez un responsable.',
    owner_unknown: 'Ce responsable est inconnu ou inactif.',
  },
  request: {
    bad_url: 'Adresse invalide.',
    body_too_large: 'La demande est trop volumineuse.',
    invalid: 'La demande est invalide.',
    invalid_characters: 'Un texte contient des caractères non acceptés.',
    malformed: 'La demande est mal formée.',
    malformed_multipart: 'L’envoi du fichier a échoué : réessayez.',
    param_too_long: 'Un paramètre est trop long.',
    precondition_failed: 'Cette fiche a été modifiée entre-temps : rechargez-la avant de réessayer.',
    unknown_parameter: 'Un filtre inconnu a été refusé.',
    unknown_property: 'Un champ inconnu a été refusé.',
    unsupported_media_type: 'Ce format d’envoi n’est pas accepté.',
    validation: 'Certains champs sont invalides.',
  },
  route: {
    not_found: 'Cette page de l’API n’existe pas.',
  },
  sales_analytics: {
    invalid_period: 'La période est inversée : la date de début doit précéder celle de fin.',
    period_too_long: 'La période est trop longue : 1 100 jours au plus (trois ans).',
  },
  sales_target: {
    invalid:
      'Cet objectif est invalide : il concerne le cabinet, une équipe ou un utilisateur existants, pas les deux à la fois.',
    invalid_range: 'La période est inversée : le premier mois doit précéder le dernier.',
    not_found: 'Cet objectif n’existe plus.',
  },
  segment: {
    invalid_filters: 'Les filtres de cette vue sont invalides.',
    not_found: 'Cette vue n’existe plus.',
  },
  server: {
    error: 'Une erreur inattendue est survenue. Réessayez ; si elle persiste, prévenez un administrateur.',
  },
  task: {
    already_completed: 'Cette tâche est déjà terminée.',
    assignee_unknown: 'Cette personne est inconnue ou inactive.',
    no_matching_interaction: 'Aucune interaction ne correspond à cette tâche.',
    not_closed: 'Cette tâche n’est pas terminée.',
    not_found: 'Cette tâche n’existe plus.',
  },
  template: {
    forbidden_tag: 'Ce modèle utilise une balise interdite : seules les conditions et les boucles sont permises.',
    syntax_error:
      'Ce modèle contient une erreur de syntaxe : vérifiez les variables et les balises (accolades ouvertes et fermées).',
    unknown_variable: 'Ce modèle utilise une variable inconnue : choisissez-la dans la liste des variables.',
  },
  team: {
    already_exists: 'Une équipe porte déjà ce nom.',
    not_empty: 'Cette équipe a encore des membres : déplacez-les d’abord.',
  },
  user: {
    already_exists: 'Un utilisateur a déjà cet e-mail.',
    inactive: 'Ce compte est désactivé : réactivez-le d’abord.',
    invitation_not_pending: 'Ce compte a déjà un mot de passe : envoyez plutôt un lien de réinitialisation.',
    invitation_pending: 'Ce compte n’a pas encore de mot de passe : renvoyez plutôt l’invitation.',
    last_admin: 'Il doit rester au moins un administrateur actif.',
    team_unknown: 'Cette équipe est inconnue.',
  },
  webhooks: {
    delivery_in_progress: 'Cet envoi est en cours : patientez.',
    delivery_not_found: 'Cet envoi n’existe plus.',
    endpoint_inactive: 'Ce webhook est désactivé.',
    invalid: 'Ce webhook est invalide.',
    invalid_event_type: 'Type d’événement inconnu.',
    not_found: 'Ce webhook n’existe plus.',
    port_forbidden: 'Ce port n’est pas autorisé.',
    target_forbidden: 'Cette adresse mène à un réseau privé : elle est interdite.',
    url_invalid: 'Cette adresse est invalide ou interdite (réseau privé).',
    url_unresolvable: 'Ce nom de domaine est introuvable.',
  },
};
