import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import { markBurst, otherClicksSince, sendForTracking } from './campaigns.repo.ts';
import { CSP, invalidPage } from './compliance.pages.ts';
import { recordEmailEvents } from './email-events.ts';
import { machineReason, PIXEL, readClick, readOpen } from './tracking.ts';

/** The open pixel and the click redirect of campaign mails (docs/CAMPAIGNS.md, "Tracking"), outside /api. */
export const trackingPages: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  const secret = deps.config.sessionSecret;

  app.get<{ Params: { token: string } }>('/email/o/:token', { schema: { hide: true } }, async (req, reply) => {
    const sendId = readOpen(secret, req.params.token);
    const send = sendId ? await sendForTracking(deps.database.db, sendId) : null;
    if (send) {
      const now = deps.clock.now();
      const reason = machineReason({
        kind: 'open',
        method: req.method,
        userAgent: req.headers['user-agent'],
        ip: req.ip,
        sentAt: send.sentAt,
        now,
        recentOtherClicks: 0,
      });
      await withTx(req.ctx, (t) =>
        recordEmailEvents(t, [{ sendId: send.id, type: 'opened', at: now, machineReason: reason, extras: {} }]),
      );
    }
    // The image whatever happened: a mail client shows no broken picture.
    return reply.header('cache-control', 'no-store, no-cache, must-revalidate, private').type('image/gif').send(PIXEL);
  });

  const click = async (req: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => {
    const parsed = readClick(secret, req.params.token);
    const send = parsed ? await sendForTracking(deps.database.db, parsed.sendId) : null;
    const url = parsed && send ? send.links[parsed.index] : undefined;
    if (!parsed || !send || !url) {
      return reply
        .code(404)
        .header('content-security-policy', CSP)
        .type('text/html; charset=utf-8')
        .send(invalidPage('fr', new URL(deps.config.appUrl).hostname));
    }
    const now = deps.clock.now();
    const since = new Date(now.getTime() - 2_000);
    await withTx(req.ctx, async (t) => {
      const reason = machineReason({
        kind: 'click',
        method: req.method,
        userAgent: req.headers['user-agent'],
        ip: req.ip,
        sentAt: send.sentAt,
        now,
        recentOtherClicks: await otherClicksSince(t.db, send.id, since, url),
      });
      if (reason === 'burst') await markBurst(t.db, send.id, since);
      await recordEmailEvents(t, [
        { sendId: send.id, type: 'clicked', at: now, machineReason: reason, extras: { url } },
      ]);
    });
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(url, 302);
  };
  app.route({
    method: ['GET', 'HEAD'],
    url: '/email/c/:token',
    exposeHeadRoute: false,
    schema: { hide: true },
    handler: click,
  });
};
