import { z } from 'zod';

/**
 * The structure of the files of a Make custom app in the local layout of the Make Apps Editor (VS Code extension
 * `integromat/vscode-apps-sdk`, "local development"), as far as this app uses it. Objects are strict: an unknown or
 * misspelt directive fails instead of being silently ignored by Make.
 * Sources: developers.make.com/custom-apps-documentation (component blocks: communication, parameters, interface;
 * webhooks: dedicated, attached), and the extension's makecomapp.json schema and code definitions.
 */

const iml = z.string().min(1);
const imlOrValue = z.union([z.string(), z.number(), z.boolean()]);

// --- makecomapp.json -------------------------------------------------------------------------------------------

const codePath = z.string().min(1);
const MODULE_ID = /^[a-zA-Z][0-9a-zA-Z]{3,47}$/;
export const MODULE_TYPES = ['trigger', 'action', 'search', 'instant_trigger', 'responder', 'universal'] as const;

const connectionMeta = z.strictObject({
  label: z.string().min(1),
  connectionType: z.enum(['basic', 'oauth']),
  codeFiles: z.strictObject({ communication: codePath, params: codePath, common: codePath.optional() }),
});
const webhookMeta = z.strictObject({
  label: z.string().min(1),
  webhookType: z.enum(['web', 'web-shared']),
  connection: z.string().nullable(),
  codeFiles: z.strictObject({
    communication: codePath,
    params: codePath,
    attach: codePath,
    detach: codePath,
    update: codePath.optional(),
    requiredScope: codePath.optional(),
  }),
});
const moduleMeta = z.strictObject({
  label: z.string().min(1),
  description: z.string().min(1),
  moduleType: z.enum(MODULE_TYPES),
  actionCrud: z.enum(['create', 'read', 'update', 'delete']).nullable().optional(),
  connection: z.string().nullable(),
  webhook: z.string().optional(),
  codeFiles: z.strictObject({
    communication: codePath.optional(),
    staticParams: codePath,
    mappableParams: codePath,
    interface: codePath,
    samples: codePath,
    epoch: codePath.optional(),
    scope: codePath.optional(),
  }),
});
const rpcMeta = z.strictObject({
  label: z.string().min(1),
  connection: z.string().nullable(),
  codeFiles: z.strictObject({ communication: codePath, params: codePath.optional() }),
});

export const Manifest = z.strictObject({
  fileVersion: z.literal(1),
  generalCodeFiles: z.strictObject({
    base: codePath,
    common: codePath.nullable(),
    readme: codePath.nullable(),
    groups: codePath.nullable(),
  }),
  components: z.strictObject({
    connection: z.record(z.string(), connectionMeta),
    webhook: z.record(z.string(), webhookMeta),
    module: z.record(z.string().regex(MODULE_ID, 'module ids are 4-48 letters or digits'), moduleMeta),
    rpc: z.record(z.string().regex(MODULE_ID, 'RPC ids are 4-48 letters or digits'), rpcMeta),
    function: z.record(z.string(), z.unknown()),
  }),
  origins: z.array(
    z.strictObject({
      label: z.string().optional(),
      baseUrl: z.string(),
      appId: z.string(),
      appVersion: z.number(),
      apikeyFile: z.string(),
      idMapping: z.unknown().optional(),
    }),
  ),
});
export type Manifest = z.infer<typeof Manifest>;

// --- communication ---------------------------------------------------------------------------------------------

const errorSpec = z.strictObject({
  message: iml.optional(),
  type: z
    .enum([
      'UnknownError',
      'RuntimeError',
      'DataError',
      'InconsistencyError',
      'AccountValidationError',
      'MaxFileSizeExceededError',
      'MaxResultsExceededError',
      'RateLimitError',
      'ConnectionError',
      'InvalidConfigurationError',
      'InvalidAccessTokenError',
      'IncompleteDataError',
      'DuplicateDataError',
    ])
    .optional(),
});
/** `message`, `type`, and per-status overrides (`"404": { message, type }`). */
const responseError = z
  .object({ message: iml.optional(), type: errorSpec.shape.type })
  .catchall(errorSpec)
  .superRefine((e, ctx) => {
    for (const k of Object.keys(e)) {
      if (k !== 'message' && k !== 'type' && !/^[1-5]\d\d$/.test(k)) {
        ctx.addIssue({ code: 'custom', path: [k], message: 'neither message, type nor an HTTP status' });
      }
    }
  });

export const ResponseBlock = z.strictObject({
  type: z.enum(['json', 'urlencoded', 'xml', 'text', 'string', 'raw', 'binary', 'automatic']).optional(),
  output: z.unknown().optional(),
  iterate: z.union([iml, z.strictObject({ container: iml, condition: imlOrValue.optional() })]).optional(),
  limit: imlOrValue.optional(),
  trigger: z
    .strictObject({
      id: iml,
      date: iml.optional(),
      type: z.enum(['id', 'date']),
      order: z.enum(['asc', 'desc', 'unordered']),
    })
    .optional(),
  error: responseError.optional(),
  valid: imlOrValue.optional(),
  wrapper: z.unknown().optional(),
  temp: z.record(z.string(), z.unknown()).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  metadata: z.strictObject({ type: z.enum(['email', 'text']), value: iml }).optional(),
});

export const Communication = z.strictObject({
  url: iml,
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  qs: z.record(z.string(), z.unknown()).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  type: z.enum(['json', 'urlencoded', 'multipart/form-data', 'text', 'string', 'binary']).optional(),
  condition: imlOrValue.optional(),
  response: ResponseBlock.optional(),
  pagination: z.unknown().optional(),
  log: z.strictObject({ sanitize: z.array(z.string()) }).optional(),
});
export type Communication = z.infer<typeof Communication>;

export const Base = z.strictObject({
  baseUrl: iml,
  headers: z.record(z.string(), z.string()),
  qs: z.record(z.string(), z.unknown()).optional(),
  response: z.strictObject({ error: responseError, valid: imlOrValue.optional() }),
  log: z.strictObject({ sanitize: z.array(z.string()) }),
});
export type Base = z.infer<typeof Base>;

/** A dedicated webhook's own communication: what Make answers and how a delivery becomes a bundle. */
export const WebhookCommunication = z.strictObject({
  output: iml,
  condition: imlOrValue.optional(),
  iterate: z.unknown().optional(),
  respond: z.unknown().optional(),
  verification: z.unknown().optional(),
  uid: iml.optional(),
});

// --- parameters and interfaces ---------------------------------------------------------------------------------

export const PARAM_TYPES = [
  'any',
  'array',
  'boolean',
  'collection',
  'date',
  'email',
  'hidden',
  'integer',
  'number',
  'password',
  'select',
  'text',
  'time',
  'uinteger',
  'url',
  'uuid',
] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

const option = z.strictObject({ label: z.string().min(1), value: z.union([z.string(), z.number(), z.boolean()]) });

export interface Param {
  name?: string;
  type: ParamType;
  label: string;
  required?: boolean;
  help?: string;
  default?: unknown;
  advanced?: boolean;
  multiline?: boolean;
  options?: string | Array<z.infer<typeof option>>;
  validate?: { pattern?: string; min?: number; max?: number };
  spec?: Param | Param[];
}

export const Param: z.ZodType<Param> = z.lazy(() =>
  z.strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/)
      .optional(),
    type: z.enum(PARAM_TYPES),
    label: z.string().min(1),
    required: z.boolean().optional(),
    help: z.string().min(1).optional(),
    default: z.unknown().optional(),
    advanced: z.boolean().optional(),
    multiline: z.boolean().optional(),
    options: z.union([z.string().regex(/^rpc:\/\/[A-Za-z0-9]+$/), z.array(option).min(1)]).optional(),
    validate: z
      .strictObject({ pattern: z.string().optional(), min: z.number().optional(), max: z.number().optional() })
      .optional(),
    spec: z.union([Param, z.array(Param)]).optional(),
  }),
);

/** Top-level parameters and interface fields carry a name. */
export const NamedParams = z.array(Param).superRefine((params, ctx) => {
  const seen = new Set<string>();
  for (const [i, p] of params.entries()) {
    if (!p.name) ctx.addIssue({ code: 'custom', path: [i], message: 'a parameter needs a name' });
    else if (seen.has(p.name)) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate name ${p.name}` });
    else seen.add(p.name);
  }
});

export const Groups = z.array(z.strictObject({ label: z.string().min(1), modules: z.array(z.string()).min(1) })).min(1);
