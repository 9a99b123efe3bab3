import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { getSegment, segmentMembers } from '../segments/segments.service.ts';
import type { ExclusionReason, MarketingTopic, SuppressionReason } from './campaigns.schema.ts';
import { consentsOf, suppressionsOf } from './compliance.repo.ts';

/**
 * A campaign's audience (docs/CAMPAIGNS.md, "Audiences"): the contacts of a segment, as the campaign's author sees
 * them, minus those of the excluded segments; each contact that cannot be written to is counted with its reason.
 */

export interface AudienceInput {
  segmentId: string;
  excludeSegmentIds: string[];
  topic: MarketingTopic;
}

export interface Recipient {
  personId: string;
  address: string;
  firstName: string;
  lastName: string;
  countryCode: string;
  /** The contact's own time zone, if set (else their country's). */
  timeZone: string | null;
}

export interface Audience {
  recipients: Recipient[];
  counts: { total: number; sendable: number; excluded: Partial<Record<ExclusionReason, number>> };
}

const PAGE = 200;
const isAddress = (a: string) => z.email().safeParse(a).success;

const BY_SUPPRESSION: Record<SuppressionReason, ExclusionReason> = {
  unsubscribed: 'unsubscribed',
  bounced: 'bounced',
  complained: 'complained',
  manual: 'suppressed_manually',
};

async function peopleSegment(ctx: Ctx, id: string) {
  const segment = await getSegment(ctx, id);
  if (segment.entity !== 'people') {
    throw new AppError('campaign.invalid_audience', 'An audience is a segment of contacts', {
      fields: [{ path: 'body.segmentId', message: 'not a segment of contacts', code: 'not_people' }],
    });
  }
}

/** Every member of a segment, page by page, as the caller sees them. */
async function* members(ctx: Ctx, segmentId: string): AsyncGenerator<Record<string, unknown>> {
  let cursor: string | undefined;
  do {
    const page = await segmentMembers(ctx, segmentId, { limit: PAGE, ...(cursor ? { cursor } : {}) });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export async function resolveAudience(ctx: Ctx, input: AudienceInput): Promise<Audience> {
  await peopleSegment(ctx, input.segmentId);
  const excludedIds = new Set<string>();
  for (const id of input.excludeSegmentIds) {
    await peopleSegment(ctx, id);
    for await (const m of members(ctx, id)) excludedIds.add(String(m.id));
  }

  const excluded: Partial<Record<ExclusionReason, number>> = {};
  const exclude = (r: ExclusionReason) => {
    excluded[r] = (excluded[r] ?? 0) + 1;
  };
  const candidates: Recipient[] = [];
  const seenPeople = new Set<string>();
  const seenAddresses = new Set<string>();
  let total = 0;
  for await (const m of members(ctx, input.segmentId)) {
    const id = String(m.id);
    if (seenPeople.has(id)) continue;
    seenPeople.add(id);
    total++;
    const address = typeof m.email === 'string' ? m.email.trim().toLowerCase() : '';
    if (excludedIds.has(id)) exclude('excluded_segment');
    else if (m.marketingOptOut === true) exclude('opted_out');
    else if (!address) exclude('no_address');
    else if (!isAddress(address)) exclude('invalid_address');
    else if (seenAddresses.has(address)) exclude('duplicate_address');
    else {
      seenAddresses.add(address);
      candidates.push({
        personId: id,
        address,
        firstName: String(m.firstName ?? ''),
        lastName: String(m.lastName ?? ''),
        countryCode: String(m.countryCode ?? 'FR'),
        timeZone: typeof m.timeZone === 'string' ? m.timeZone : null,
      });
    }
  }

  const recipients: Recipient[] = [];
  const db = ctx.deps.database.db;
  for (let i = 0; i < candidates.length; i += 1000) {
    const batch = candidates.slice(i, i + 1000);
    const addresses = batch.map((r) => r.address);
    const [suppressed, consents] = await Promise.all([suppressionsOf(db, addresses), consentsOf(db, addresses)]);
    for (const r of batch) {
      const s = suppressed.get(r.address);
      if (s) exclude(BY_SUPPRESSION[s.reason]);
      else if (consents.get(r.address)?.topicsOff.includes(input.topic)) exclude('topic_off');
      else recipients.push(r);
    }
  }
  return { recipients, counts: { total, sendable: recipients.length, excluded } };
}
