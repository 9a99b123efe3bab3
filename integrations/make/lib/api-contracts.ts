/**
 * The CRM routes the Make app calls, with the server's own Zod contracts for them (imported, never copied), so that
 * a server change that renames, removes or retypes a field the app sends or reads fails the Make checks in CI.
 * The test (make.test.ts) checks this table itself against the OpenAPI document of the running server.
 */
import {
  DIRECTIONS,
  EmailSchema,
  INTERACTION_TYPES,
  LEGAL_BASES,
  LINK_ROLES,
  LOST_REASON_CODES,
  MANDAT_KINDS,
  MANDAT_STAGES,
  ORGANISATION_CATEGORIES,
  ORGANISATION_TYPES,
  SOURCES,
} from '@crm/contracts';
import type { z } from 'zod';
import { MeReply } from '../../../apps/server/src/features/auth/auth.contracts.ts';
import {
  CreateInteractionSchema,
  InteractionSchema,
} from '../../../apps/server/src/features/interactions/interactions.contracts.ts';
import { CreateMandatSchema, MandatSchema } from '../../../apps/server/src/features/mandats/mandats.contracts.ts';
import {
  CreateOrganisationSchema,
  OrganisationListRouteQuery,
  OrganisationPageSchema,
  OrganisationSchema,
} from '../../../apps/server/src/features/organisations/organisations.contracts.ts';
import {
  CreatePersonSchema,
  PersonListRouteQuery,
  PersonPageSchema,
  PersonSchema,
  UpdatePersonSchema,
} from '../../../apps/server/src/features/people/people.contracts.ts';
import { TaskSchema } from '../../../apps/server/src/features/tasks/tasks.contracts.ts';
import { EMITTED_EVENT_TYPES, samplePayload } from '../../../apps/server/src/features/webhooks/samples.ts';
import { CreatedWebhook, CreateWebhookBody } from '../../../apps/server/src/features/webhooks/webhooks.contracts.ts';

type AnyObject = z.ZodObject<z.ZodRawShape>;
type Enum = readonly (string | number)[];

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** OpenAPI style: `/api/v1/people/{id}`. */
  path: string;
  body?: AnyObject;
  query?: AnyObject;
  /** The JSON answered (an object route). */
  response?: AnyObject;
  /** The item of `{ items, nextCursor, total }` (a list route). */
  listItem?: AnyObject;
  /** Body or query fields whose values are a domain enum of packages/contracts (the select options must equal it). */
  enums?: Record<string, Enum>;
}

const personEnums = { source: SOURCES, legalBasis: LEGAL_BASES, role: LINK_ROLES };
const organisationEnums = {
  type: ORGANISATION_TYPES,
  category: ORGANISATION_CATEGORIES,
  source: SOURCES,
  legalBasis: LEGAL_BASES,
};

export const ROUTES: ApiRoute[] = [
  { method: 'GET', path: '/api/v1/auth/me', response: MeReply },
  {
    method: 'GET',
    path: '/api/v1/people',
    query: PersonListRouteQuery,
    listItem: PersonPageSchema.shape.items.element,
  },
  { method: 'POST', path: '/api/v1/people', body: CreatePersonSchema, response: PersonSchema, enums: personEnums },
  {
    method: 'PATCH',
    path: '/api/v1/people/{id}',
    body: UpdatePersonSchema,
    response: PersonSchema,
    enums: personEnums,
  },
  {
    method: 'GET',
    path: '/api/v1/organisations',
    query: OrganisationListRouteQuery,
    listItem: OrganisationPageSchema.shape.items.element,
  },
  {
    method: 'POST',
    path: '/api/v1/organisations',
    body: CreateOrganisationSchema,
    response: OrganisationSchema,
    enums: organisationEnums,
  },
  {
    method: 'POST',
    path: '/api/v1/mandats',
    body: CreateMandatSchema,
    response: MandatSchema,
    enums: { kind: MANDAT_KINDS, stage: MANDAT_STAGES, source: SOURCES, lostReasonCode: LOST_REASON_CODES },
  },
  {
    method: 'POST',
    path: '/api/v1/interactions',
    body: CreateInteractionSchema,
    response: InteractionSchema,
    enums: { type: INTERACTION_TYPES, direction: DIRECTIONS },
  },
  { method: 'POST', path: '/api/v1/webhooks', body: CreateWebhookBody, response: CreatedWebhook },
  { method: 'DELETE', path: '/api/v1/webhooks/{id}' },
];

/** `/api/v1/people/{{parameters.id}}` and `/api/v1/people/{id}` both become `/api/v1/people/{}`. */
export function routeKey(method: string, path: string): string {
  return `${method} ${path.replace(/\{\{[^}]*\}\}|\{[^}]*\}/g, '{}')}`;
}

export function findRoute(method: string, url: string): ApiRoute | undefined {
  const key = routeKey(method, url);
  return ROUTES.find((r) => routeKey(r.method, r.path) === key);
}

/** The record each event's `data` carries, by its key in `data` (docs/WEBHOOKS.md). */
export const EVENT_RECORDS: Record<string, AnyObject> = {
  person: PersonSchema,
  organisation: OrganisationSchema,
  mandat: MandatSchema,
  task: TaskSchema,
  email: EmailSchema,
};

export { EMITTED_EVENT_TYPES, samplePayload };
