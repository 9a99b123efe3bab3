/**
 * The problem codes of the API (`code` of a problem+json answer) in English: `problemMessage` (ui/ProblemAlert.tsx) shows
 * these, never the server's English `detail`. A test checks that every code the server can answer has its text.
 */
import type { problemsFr } from './problems.fr.ts';

export const problemsEn: typeof problemsFr = {
  analytics_alert: {
    funnel_not_found: 'This saved funnel no longer exists: choose another one.',
    funnel_required: 'Choose the funnel the alert watches.',
    invalid: 'This alert does not add up: check its kind, threshold and funnel.',
    not_found: 'This alert no longer exists.',
  },
  analytics: {
    malformed_payload: 'These usage measurements could not be read.',
    origin_forbidden: 'Usage measurements are accepted from the CRM’s own pages only.',
    overloaded: 'The usage measurement service is busy: retrying shortly.',
    payload_too_large: 'This batch of usage measurements is too large.',
    replay_requires_analytics: 'Session recording needs usage measurement to be accepted too.',
    unavailable: 'Usage measurement is unavailable for the moment.',
    unsupported_encoding: 'This encoding of usage measurements is not accepted.',
  },
  api_keys: {
    scope_forbidden: 'This API key lacks the required scope.',
    validation: 'The API key is incomplete or invalid.',
  },
  attachment: {
    file_required: 'Choose a file to attach.',
    multipart_required: 'The file must be sent as a form upload.',
    not_found: 'This file no longer exists.',
    too_large: 'This file is too large.',
    type_not_allowed: 'This file type is not accepted.',
  },
  auth: {
    account_protected: 'This account is protected: this action is not possible.',
    api_key_invalid: 'The API key is unknown, expired or revoked.',
    csrf: 'Your session expired for this page: reload it and try again.',
    current_password_wrong: 'The current password is wrong.',
    forbidden: 'You do not have the rights for this action.',
    invalid_credentials: 'Wrong e-mail or password.',
    reset_token_invalid: 'This reset link is invalid or expired: ask for a new one.',
    scope_missing: 'This API key lacks the required scope.',
    session_not_found: 'This session no longer exists.',
    session_required: 'This action needs a password sign-in, not an API key.',
    too_many_attempts: 'Too many attempts: try again in a few minutes.',
    totp_already_enabled: 'Two-step verification is already on.',
    totp_invalid: 'This verification code is wrong or expired.',
    totp_not_enabled: 'Two-step verification is not on.',
    totp_not_set_up: 'Set up two-step verification first.',
    totp_required: 'Enter the code from your authenticator app.',
    unauthenticated: 'Your session expired: sign in again.',
    weak_password: 'This password is too weak: make it longer or avoid common words.',
  },
  batch: {
    too_many_items: 'Too many rows at once (500 at most).',
  },
  campaign: {
    active: 'This campaign is under way: cancel it before deleting it.',
    invalid: 'This campaign is not valid: fix the fields shown.',
    invalid_audience: 'A campaign’s audience is a view of contacts.',
    invalid_transition: 'This action is not possible in the campaign’s current state.',
    not_draft: 'Only a draft can be changed or scheduled: take the campaign back to draft.',
    not_found: 'This campaign no longer exists.',
  },
  database: {
    unavailable: 'The database is restarting: try again in {{seconds}} s. No saved data is lost.',
  },
  email_consent: {
    invalid: 'This consent is not valid: it cannot have been collected in the future.',
  },
  email_inbound: {
    malformed:
      'This bounce or complaint could not be read: send a raw message (message/rfc822) or the JSON event described in the API documentation.',
    signature_invalid:
      'The signature of this bounce or complaint does not match: check the shared secret (EMAIL_INBOUND_SECRET).',
    timestamp_out_of_range:
      'This bounce or complaint is dated more than 5 minutes from now: check the sender’s clock, or it is a replay.',
  },
  email_suppression: {
    already_exists: 'This address is already on the suppression list.',
    not_found: 'This address is not on the suppression list.',
  },
  email_template: {
    not_found: 'This e-mail template no longer exists.',
  },
  feature_flag: {
    already_exists: 'Another flag already has this key.',
    invalid: 'This flag does not add up: check its teams and dates.',
    not_an_experiment: 'This flag is not an experiment: it needs variants and a goal event.',
    not_found: 'This flag no longer exists.',
  },
  funnel: {
    not_found: 'This funnel no longer exists.',
  },
  idempotency: {
    in_progress: 'The same request is already running: wait a moment.',
    invalid_key: 'The idempotency key is invalid.',
    key_reused: 'This idempotency key was used for another request.',
    unsupported_for_multipart: 'An idempotency key is not accepted for a file upload.',
  },
  import: {
    already_started: 'This import has already started.',
    cell_too_long: 'A cell of the file is too long.',
    file_missing: 'Choose a file to import.',
    invalid_date: 'Invalid date.',
    invalid_mapping: 'The column mapping is incomplete or invalid.',
    mapping_duplicate_field: 'Two columns go to the same field.',
    mapping_missing_required: 'A required field has no column.',
    mapping_unknown_field: 'A column targets an unknown field.',
    not_found: 'This import no longer exists.',
    not_validated: 'Run the dry run first.',
    organisation_not_found: 'Organisation not found.',
    parse_timeout: 'The file took too long to read: split it.',
    person_not_found: 'Contact not found.',
    required: 'A required value is missing.',
    review_pending: 'Choose what happens to the rows to review.',
    review_unknown_row: 'A reviewed row does not exist in this file.',
    too_complex: 'This file is too complex to read.',
    too_large: 'This file is too large.',
    too_large_unzipped: 'This Excel file is too large once unzipped.',
    too_many_cells: 'This file has too many cells.',
    too_many_columns: 'This file has too many columns.',
    too_many_rows: 'This file has too many rows.',
    unreadable: 'This file cannot be read: check its format.',
    unsupported_format: 'Unsupported format: import a CSV or Excel (XLSX) file.',
  },
  interaction: {
    duplicate: 'This interaction is already recorded.',
    not_found: 'This interaction no longer exists.',
    target_required: 'Link the interaction to an organisation, a contact or a mandate.',
  },
  internal: {
    error: 'An unexpected error occurred. Try again; if it persists, tell an administrator.',
  },
  job: {
    archived: 'This background job is archived.',
    not_failed: 'This background job has not failed.',
  },
  list: {
    invalid_cursor: 'The requested page expired: go back to the start of the list.',
    invalid_range: 'The start of the range is beyond its end: correct one of them.',
    invalid_sort: 'This column cannot be sorted.',
  },
  mandat: {
    contact_not_found: 'This contact was not found.',
    lost_reason_detail_required: 'Say what the reason is when you choose “Other”.',
    lost_reason_required: 'Choose the reason for the loss.',
    not_found: 'This mandate no longer exists.',
    organisation_not_found: 'This organisation was not found.',
    produit_already_attached: 'This fund is already on the mandate.',
    produit_not_allowed: 'Funds go on a won mandate or an open placement only.',
    produit_not_found: 'This fund was not found.',
  },
  meta: {
    entity_not_found: 'This kind of record has no fields to edit in bulk.',
  },
  note: {
    invalid: 'This note is empty or too long.',
    not_found: 'This note no longer exists.',
  },
  notification: {
    not_found: 'This notification no longer exists.',
  },
  organisation: {
    duplicate: 'An organisation with a very close name exists.',
    merge_same: 'Choose two different organisations.',
    not_found: 'This organisation no longer exists.',
    upsert_ambiguous: 'Several organisations have this name: say which one.',
  },
  person: {
    already_anonymised: 'This contact is already anonymised.',
    duplicate: 'A similar contact exists.',
    email_taken: 'Another contact has this e-mail.',
    invalid: 'Some of the contact details are invalid.',
    not_found: 'This contact no longer exists.',
    upsert_ambiguous: 'Several contacts have this e-mail: say which one.',
  },
  person_organisation: {
    already_exists: 'This contact is already linked to this organisation.',
    not_found: 'This link no longer exists.',
  },
  product_analytics: {
    invalid_period: 'The period is backwards: the start date must come before the end date.',
    period_too_long: 'The period is too long: 400 days at most.',
    recording_not_found: 'This session recording is no longer kept.',
  },
  produit: {
    invalid_isin: 'This ISIN is invalid (12 characters, check digit).',
    isin_taken: 'A fund already has this ISIN.',
    management_company_not_found: 'This management company was not found.',
    not_found: 'This fund no longer exists.',
  },
  rate_limit: {
    exceeded: 'Too many requests: try again in {{seconds}} s.',
  },
  record: {
    owner_required: 'Choose an owner.',
    owner_unknown: 'This owner is unknown or inactive.',
  },
  request: {
    bad_url: 'Invalid address.',
    body_too_large: 'The request is too large.',
    invalid: 'The request is invalid.',
    invalid_characters: 'A text contains characters that are not accepted.',
    malformed: 'The request is malformed.',
    malformed_multipart: 'The file upload failed: try again.',
    param_too_long: 'A parameter is too long.',
    precondition_failed: 'This record changed meanwhile: reload it before trying again.',
    unknown_parameter: 'An unknown filter was refused.',
    unknown_property: 'An unknown field was refused.',
    unsupported_media_type: 'This upload format is not accepted.',
    validation: 'Some fields are invalid.',
  },
  route: {
    not_found: 'This API address does not exist.',
  },
  sales_analytics: {
    invalid_period: 'The period is backwards: the start date must come before the end date.',
    period_too_long: 'The period is too long: 1,100 days at most (three years).',
  },
  sales_target: {
    invalid: 'This target is invalid: it is for the firm, an existing team or an existing user, not both at once.',
    invalid_range: 'The range is backwards: the first month must come before the last.',
    not_found: 'This target no longer exists.',
  },
  segment: {
    invalid_filters: "This view's filters are invalid.",
    not_found: 'This view no longer exists.',
  },
  server: {
    error: 'An unexpected error occurred. Try again; if it persists, tell an administrator.',
  },
  task: {
    already_completed: 'This task is already done.',
    assignee_unknown: 'This person is unknown or inactive.',
    no_matching_interaction: 'No interaction matches this task.',
    not_closed: 'This task is not done.',
    not_found: 'This task no longer exists.',
  },
  template: {
    forbidden_tag: 'This template uses a tag that is not allowed: only conditions and loops are.',
    syntax_error: 'This template has a syntax error: check the variables and the tags (braces opened and closed).',
    unknown_variable: 'This template uses an unknown variable: pick it from the list of variables.',
  },
  team: {
    already_exists: 'A team already has this name.',
    not_empty: 'This team still has members: move them first.',
  },
  user: {
    already_exists: 'A user already has this e-mail.',
    inactive: 'This account is deactivated: reactivate it first.',
    invitation_not_pending: 'This account already has a password: send a reset link instead.',
    invitation_pending: 'This account has no password yet: send the invitation again instead.',
    last_admin: 'At least one active administrator must remain.',
    team_unknown: 'This team is unknown.',
  },
  webhooks: {
    delivery_in_progress: 'This delivery is in progress: wait.',
    delivery_not_found: 'This delivery no longer exists.',
    endpoint_inactive: 'This webhook is disabled.',
    invalid: 'This webhook is invalid.',
    invalid_event_type: 'Unknown event type.',
    not_found: 'This webhook no longer exists.',
    port_forbidden: 'This port is not allowed.',
    target_forbidden: 'This address leads to a private network: it is forbidden.',
    url_invalid: 'This address is invalid or forbidden (private network).',
    url_unresolvable: 'This domain name does not resolve.',
  },
};
