// The API's error answers, apart from the client that fetches: ui/ pieces read them without fetching anything.

/** An error answer of the API (application/problem+json), with its stable `code` (`feature.reason`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;
  /** For validation errors: the failing fields (`body.email`, `query.limit`...) and their messages. */
  readonly fields: { path: string; message: string; code?: string }[];
  readonly retryAfter: number | undefined;
  /** The whole problem document, for codes that carry more (e.g. `candidates` of `person.duplicate`). */
  readonly problem: Record<string, unknown>;

  constructor(status: number, problem: Record<string, unknown>, retryAfter?: number) {
    const title = typeof problem.title === 'string' ? problem.title : `HTTP ${status}`;
    super(typeof problem.detail === 'string' ? problem.detail : title);
    this.status = status;
    this.code = typeof problem.code === 'string' ? problem.code : `http.${status}`;
    this.detail = typeof problem.detail === 'string' ? problem.detail : undefined;
    const fields = Array.isArray(problem.errors) ? problem.errors : Array.isArray(problem.fields) ? problem.fields : [];
    this.fields = fields
      .filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null)
      .map((f) => ({
        path: String(f.path ?? f.field ?? ''),
        message: String(f.message ?? ''),
        ...(typeof f.code === 'string' ? { code: f.code } : {}),
      }));
    this.retryAfter = retryAfter;
    this.problem = problem;
  }
}
