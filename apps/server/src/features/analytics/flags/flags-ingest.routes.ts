import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { resolveActor, SESSION_COOKIE } from '../../../platform/auth/resolve-actor.ts';
import type { Deps } from '../../../platform/context.ts';
import { rateLimitGroup } from '../../../platform/http/rate-limit.ts';
import type { FlagSubject } from './evaluate.ts';
import { flagDetail, flagsForConsentingUser, flagValue, type ServedFlag } from './flags.service.ts';

/**
 * posthog-js's feature-flag endpoints, under `/ingest` (its `api_host`), in PostHog's own formats
 * (docs/ANALYTICS.md, "Feature flags and experiments"):
 *
 * - `POST /ingest/flags/?v=2`: `{ flags: { key: { key, enabled, variant, reason, metadata } },
 *   errorsWhileComputingFlags, requestId }`, what posthog-js reads since /decide was retired;
 * - `POST /ingest/flags/` without `v=2`: `{ featureFlags: { key: false | true | 'variant' }, featureFlagPayloads,
 *   errorsWhileComputingFlags, requestId }`;
 * - `POST /ingest/decide/` (older clients): both shapes in one answer.
 *
 * Who the flags are for is the session cookie's user, whatever `distinct_id` the body names; the body is not read.
 * No session, a cross-site request or a user who has not accepted product analytics: no flags, in a valid answer
 * (posthog-js then treats every flag as off).
 */

/** The request comes from the CRM's own pages (no `Origin`, the same host, or one of CORS_ORIGINS). */
function fromOwnOrigin(req: FastifyRequest, deps: Deps): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (deps.config.corsOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.host;
  } catch {
    return false;
  }
}

async function subjectOf(req: FastifyRequest, deps: Deps): Promise<FlagSubject | null> {
  const token = req.cookies?.[SESSION_COOKIE];
  if (!token || !fromOwnOrigin(req, deps)) return null;
  const { actor } = await resolveActor(
    deps,
    { sessionToken: token },
    { ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id },
  );
  return actor.type === 'user' && actor.userId ? { userId: actor.userId, teamId: actor.teamId ?? null } : null;
}

const v2 = (flags: ServedFlag[]) => ({ flags: Object.fromEntries(flags.map((f) => [f.key, flagDetail(f)])) });
const v1 = (flags: ServedFlag[]) => ({
  featureFlags: Object.fromEntries(flags.map((f) => [f.key, flagValue(f)])),
  featureFlagPayloads: {},
});

export const flagIngestRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  // posthog-js sends JSON, or a base64 form with `compression=base64`: the answer depends on the session alone, so
  // any body is accepted and left unread.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_req, _body, done) => done(null));

  const answer = (shape: 'flags' | 'decide') => async (req: FastifyRequest) => {
    const flags = await flagsForConsentingUser(deps, await subjectOf(req, deps));
    const version = Number((req.query as { v?: string } | undefined)?.v ?? 1);
    const common = { errorsWhileComputingFlags: false, requestId: req.id };
    if (shape === 'decide') return { ...v1(flags), ...v2(flags), ...common };
    return version >= 2 ? { ...v2(flags), ...common } : { ...v1(flags), ...common };
  };
  // The ingestion's rate-limit budget (`ingest`), not the API's: posthog-js asks on every page load.
  const options = { schema: { hide: true }, config: { rateLimit: rateLimitGroup('ingest') } };
  for (const url of ['/ingest/flags', '/ingest/flags/']) app.post(url, options, answer('flags'));
  for (const url of ['/ingest/decide', '/ingest/decide/']) app.post(url, options, answer('decide'));
};
