import { type SQL, sql } from 'drizzle-orm';
import { scopeSql } from '../../platform/auth/scope.ts';
import type { EntityScope } from '../../platform/entities/entity.ts';
import { campaignSends } from './campaigns.schema.ts';

/** The SQL of the e-mail's registry entry (campaigns.entity.ts): an e-mail is labelled by its subject. */
export const emailLabel = sql`coalesce((select subject from mail_messages m where m.id = ${campaignSends.mailId}), '')`;

/**
 * A campaign e-mail is seen by whoever sees its contact: the `email` object of the events carries the contact's
 * owner and team, and the rows are filtered through the contact.
 */
export const emailScope: EntityScope = {
  rule: 'owned',
  where: (actor): SQL =>
    sql`exists (select 1 from campaign_recipients r join people p on p.id = r.person_id
      where r.id = ${campaignSends.recipientId} and ${scopeSql(actor, 'p')})`,
  maySee(reader, row) {
    if (reader.role === 'admin') return true;
    if (!row) return false;
    return row.ownerId === reader.id || (!!reader.teamId && row.teamId === reader.teamId);
  },
};
