import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../platform/auth/resolve-actor.ts';
import type { Deps } from '../../platform/context.ts';
import { rateLimitGroup } from '../../platform/http/rate-limit.ts';
import {
  ChangePasswordBody,
  CodeBody,
  IdParams,
  LoginBody,
  LoginReply,
  MeReply,
  ResetConfirmBody,
  ResetRequestBody,
  ResetRequestReply,
  RevokedApiKeysReply,
  SessionList,
  SessionReply,
  TotpEnableReply,
  TotpSetupReply,
} from './auth.contracts.ts';
import { currentUser, listMySessions, login, logout, revokeMySession } from './auth.service.ts';
import { changePassword, confirmPasswordReset, requestPasswordReset } from './password.service.ts';
import { disableTotp, enableTotp, setupTotp } from './two-factor.service.ts';

const tags = ['auth'];
const NoContent = { 204: z.null().describe('Done') };
/** Any signed-in user, viewers included, may read and manage their own account. */
const signedIn = { auth: { scope: 'read' as const } };
/** Changes to one's own account: any role from a session; an API key would need `write` (the services want a session). */
const ownAccount = { auth: { scope: 'write' as const, ownAccount: true } };
/** Routes that check a secret (password, code, token) share the per-IP `auth` rate-limit budget. */
const publicSecretCheck = { auth: 'public' as const, rateLimit: rateLimitGroup('auth') };
const ownAccountSecretCheck = { ...ownAccount, rateLimit: rateLimitGroup('auth') };

function clearAuthCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

/** Sign-in, sign-out, sessions, TOTP two-factor and passwords. Account routes need a session, not an API key. */
export const authRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const secure = deps.config.session.secureCookie;

  app.post(
    '/auth/login',
    {
      config: publicSecretCheck,
      schema: {
        operationId: 'login',
        tags,
        summary: 'Sign in: sets the httpOnly session cookie and a readable CSRF cookie',
        description:
          'Throttled (docs/ARCHITECTURE.md, "Login lockout"): 429 auth.too_many_attempts with Retry-After after ' +
          'repeated failures of this account from this address (progressive delays) or many failures from this ' +
          'address; 429 auth.account_protected when the account passed its daily ceiling of failures and this ' +
          'address never signed in to it. With 2FA on, `totp` (a current code or a backup code) is required.',
        body: LoginBody,
        response: { 200: LoginReply },
      },
    },
    async (req, reply) => {
      const r = await login(req.ctx, req.body);
      const maxAge = Math.max(1, Math.floor((r.absoluteExpiresAt.getTime() - deps.clock.now().getTime()) / 1000));
      reply.setCookie(SESSION_COOKIE, r.session.token, { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge });
      reply.setCookie(CSRF_COOKIE, r.session.csrfToken, {
        httpOnly: false,
        sameSite: 'lax',
        path: '/',
        secure,
        maxAge,
      });
      return { user: r.user, csrfToken: r.session.csrfToken, expiresAt: r.session.expiresAt.toISOString() };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: ownAccount,
      schema: { operationId: 'logout', tags, summary: 'Sign out: revokes this session', response: NoContent },
    },
    async (req, reply) => {
      await logout(req.ctx);
      clearAuthCookies(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      config: signedIn,
      schema: {
        operationId: 'getCurrentUser',
        tags,
        summary: 'The signed-in user (session or API key)',
        response: { 200: MeReply },
      },
    },
    async (req) => ({ user: await currentUser(req.ctx) }),
  );

  app.get(
    '/auth/session',
    {
      config: { auth: 'public' as const },
      schema: {
        tags,
        summary: 'Who is signed in, if anyone: 200 with the user or with null',
        description:
          'For a browser that checks its session on load: unlike GET /auth/me, a signed-out caller gets a 200 ' +
          '(`{ user: null }`), not a 401 that the browser would log as an error.',
        response: { 200: SessionReply },
      },
    },
    async (req) => ({ user: req.actor.userId ? await currentUser(req.ctx) : null }),
  );

  app.get(
    '/auth/sessions',
    { config: signedIn, schema: { tags, summary: 'My live sessions', response: { 200: SessionList } } },
    async (req) => ({ items: await listMySessions(req.ctx) }),
  );

  app.delete(
    '/auth/sessions/:id',
    {
      config: ownAccount,
      schema: { tags, summary: 'Sign out one of my sessions', params: IdParams, response: NoContent },
    },
    async (req, reply) => {
      await revokeMySession(req.ctx, req.params);
      if (req.params.id === req.actor.sessionId) clearAuthCookies(reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/2fa/setup',
    {
      config: ownAccount,
      schema: {
        tags,
        summary: 'Start TOTP enrolment: returns the otpauth URI and its QR code (pending until enabled)',
        response: { 200: TotpSetupReply },
      },
    },
    async (req) => setupTotp(req.ctx),
  );

  app.post(
    '/auth/2fa/enable',
    {
      config: ownAccountSecretCheck,
      schema: {
        tags,
        summary: 'Confirm TOTP with a first code; returns ten backup codes, shown once',
        body: CodeBody,
        response: { 200: TotpEnableReply },
      },
    },
    async (req) => enableTotp(req.ctx, req.body),
  );

  app.post(
    '/auth/2fa/disable',
    {
      config: ownAccountSecretCheck,
      schema: {
        tags,
        summary: 'Turn TOTP off with a current code or a backup code',
        body: CodeBody,
        response: NoContent,
      },
    },
    async (req, reply) => {
      await disableTotp(req.ctx, req.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/password-reset/request',
    {
      config: publicSecretCheck,
      schema: {
        tags,
        summary: 'Mail a password-reset link (same answer whether or not the address exists)',
        body: ResetRequestBody,
        response: { 202: ResetRequestReply },
      },
    },
    async (req, reply) => {
      await requestPasswordReset(req.ctx, req.body);
      return reply.code(202).send({
        status: 'accepted' as const,
        message: 'If this address belongs to an account, a reset link valid for one hour has been sent to it.',
      });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: publicSecretCheck,
      schema: {
        tags,
        summary:
          'Set a new password with a reset token; signs out every session and revokes every API key of the account',
        body: ResetConfirmBody,
        response: { 200: RevokedApiKeysReply },
      },
    },
    async (req) => confirmPasswordReset(req.ctx, req.body),
  );

  app.post(
    '/auth/password',
    {
      config: ownAccountSecretCheck,
      schema: {
        operationId: 'changePassword',
        tags,
        summary: 'Change my password (signs out my other sessions; revokes my API keys unless revokeApiKeys is false)',
        body: ChangePasswordBody,
        response: { 200: RevokedApiKeysReply },
      },
    },
    async (req) => changePassword(req.ctx, req.body),
  );
};
