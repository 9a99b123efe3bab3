import type { EntityDef } from '../../platform/entities/entity.ts';
import { emailLabel, emailScope } from './campaigns.entity.repo.ts';
import { campaignSends } from './campaigns.schema.ts';
import { emailsTimeline } from './email-events.repo.ts';

/**
 * Campaign e-mails in the entity registry (docs/CAMPAIGNS.md, "Events"): the `email.*` events' family (webhooks check
 * an endpoint's owner may see the contact), and the e-mails on the timeline of their contact and of the contact's
 * organisations.
 */
export const emailEntity: EntityDef = {
  type: 'email',
  path: 'email-events',
  table: campaignSends,
  id: campaignSends.id,
  label: emailLabel,
  labelOf: (r) => String(r.subject ?? ''),
  scope: emailScope,
  // The sales analytics count e-mail events: their writes evict those answers (docs/CACHE.md).
  cacheTracked: true,
  events: { family: 'email', key: 'email' },
  timeline: [{ kind: 'email', rows: emailsTimeline }],
};
