import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.schema.ts';
import { type Queryable, rowsOf } from '../../platform/db/client.ts';
import { emailTemplates, marketingSettings } from './campaigns.schema.ts';

export type EmailTemplateRow = typeof emailTemplates.$inferSelect;
export type MarketingSettingsRow = typeof marketingSettings.$inferSelect;

/** Templates are the firm's: every user reads them all (the rights to change one are the service's). */
export function listTemplates(db: Queryable): Promise<EmailTemplateRow[]> {
  return db
    .select()
    .from(emailTemplates)
    .where(isNull(emailTemplates.deletedAt))
    .orderBy(desc(emailTemplates.updatedAt))
    .limit(500);
}

export async function findTemplate(db: Queryable, id: string): Promise<EmailTemplateRow | null> {
  const [row] = await db
    .select()
    .from(emailTemplates)
    .where(and(eq(emailTemplates.id, id), isNull(emailTemplates.deletedAt)));
  return row ?? null;
}

export async function insertTemplate(db: Queryable, values: typeof emailTemplates.$inferInsert) {
  const [row] = await db.insert(emailTemplates).values(values).returning();
  return row as EmailTemplateRow;
}

export async function updateTemplateRow(
  db: Queryable,
  id: string,
  values: Partial<typeof emailTemplates.$inferInsert>,
) {
  const [row] = await db.update(emailTemplates).set(values).where(eq(emailTemplates.id, id)).returning();
  return row as EmailTemplateRow;
}

export async function findMarketingSettings(db: Queryable): Promise<MarketingSettingsRow | null> {
  const [row] = await db.select().from(marketingSettings).where(eq(marketingSettings.id, 1));
  return row ?? null;
}

export async function upsertMarketingSettings(
  db: Queryable,
  values: Omit<typeof marketingSettings.$inferInsert, 'id'>,
) {
  const [row] = await db
    .insert(marketingSettings)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: marketingSettings.id, set: values })
    .returning();
  return row as MarketingSettingsRow;
}

/** What a template says about a contact: names, job, address, and their main organisation's name and city. */
export interface RecipientFacts {
  id: string;
  firstName: string;
  lastName: string;
  jobTitle: string | null;
  email: string | null;
  organisationName: string | null;
  organisationCity: string | null;
}

/**
 * The facts of the given people (the caller has checked they may see them). Read through SQL over the people and
 * organisation tables, one query for any number of recipients.
 */
export async function recipientFacts(db: Queryable, personIds: string[]): Promise<Map<string, RecipientFacts>> {
  if (!personIds.length) return new Map();
  const rows = rowsOf<{
    id: string;
    first_name: string;
    last_name: string;
    job_title: string | null;
    email: string | null;
    organisation_name: string | null;
    organisation_city: string | null;
  }>(
    await db.execute(sql`
    select p.id, p.first_name, p.last_name, coalesce(p.job_title, l.job_title) as job_title,
           coalesce(p.email, l.work_email) as email, o.name as organisation_name, o.city as organisation_city
      from people p
      left join person_organisations l on l.person_id = p.id and l.is_primary
      left join organisations o on o.id = l.organisation_id and o.deleted_at is null
     where p.id in (${sql.join(
       personIds.map((id) => sql`${id}::uuid`),
       sql`, `,
     )})`),
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        firstName: r.first_name,
        lastName: r.last_name,
        jobTitle: r.job_title,
        email: r.email,
        organisationName: r.organisation_name,
        organisationCity: r.organisation_city,
      },
    ]),
  );
}

/** A user's name, address and language (the sender of a test or of a campaign). */
export async function findUserIdentity(db: Queryable, userId: string) {
  const [u] = await db
    .select({ name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(eq(users.id, userId));
  return u ?? null;
}
