/**
 * The one error type of the application. Codes are stable `<feature>.<reason>` strings; the HTTP layer
 * maps them to statuses in one place (http/problem.ts). Services throw these, never HTTP replies.
 */
export interface FieldError {
  path: string;
  message: string;
  code?: string;
}

export interface AppErrorOptions {
  /** Overrides the status derived from the code. */
  status?: number;
  fields?: FieldError[];
  /** Seconds after which the client may retry (429, 503). */
  retryAfter?: number;
  /** Whether a job failing with this error should be retried. */
  retryable?: boolean;
  extra?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly status?: number;
  readonly fields?: FieldError[];
  readonly retryAfter?: number;
  readonly retryable: boolean;
  readonly extra?: Record<string, unknown>;

  constructor(code: string, message: string, opts: AppErrorOptions = {}) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = opts.status;
    this.fields = opts.fields;
    this.retryAfter = opts.retryAfter;
    this.retryable = opts.retryable ?? false;
    this.extra = opts.extra;
  }
}

/** Status for a code: explicit table first, then by reason suffix. */
const byCode: Record<string, number> = {
  'auth.unauthenticated': 401,
  'auth.invalid_credentials': 401,
  'auth.totp_required': 401,
  'auth.totp_invalid': 401,
  'auth.session_expired': 401,
  'auth.api_key_invalid': 401,
  'auth.csrf': 403,
  'auth.forbidden': 403,
  'auth.scope_missing': 403,
  'auth.too_many_attempts': 429,
  'auth.account_protected': 429,
  'rate_limit.exceeded': 429,
  'request.validation': 400,
  'request.body_too_large': 413,
  'request.unsupported_media_type': 415,
  'request.malformed': 400,
  'route.not_found': 404,
  'platform.unavailable': 503,
};

const bySuffix: [RegExp, number][] = [
  [/\.not_found$/, 404],
  [/\.forbidden$/, 403],
  [/\.(conflict|already_exists|duplicate)$/, 409],
  [/\.(invalid|validation|weak_password)$/, 400],
  [/\.(gone|expired)$/, 410],
  [/\.unavailable$/, 503],
];

export function statusOf(err: AppError): number {
  if (err.status) return err.status;
  const exact = byCode[err.code];
  if (exact) return exact;
  for (const [re, status] of bySuffix) if (re.test(err.code)) return status;
  return 400;
}

export const notFound = (entity: string, id?: string) =>
  new AppError(`${entity}.not_found`, id ? `${entity} ${id} was not found` : `${entity} was not found`);

export const forbidden = (message = 'You are not allowed to do this') => new AppError('auth.forbidden', message);
