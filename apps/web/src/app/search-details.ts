import type { CodeList } from '@crm/contracts';
import type { components } from '../api/schema.gen.ts';

export type SearchHitDetail = components['schemas']['SearchHitDetail'];

/**
 * The second line of a search hit in the reader's language, from the parts the API sends (its `sublabel` keeps codes
 * and ISO dates): a code named from its list ("gagne" -> "Gagné"), a moment as a date, a text as it is.
 */
export function searchHitLine(
  details: readonly SearchHitDetail[],
  name: (list: CodeList, code: string) => string,
  date: (iso: string) => string,
): string {
  return details
    .map((d) => (d.kind === 'enum' ? name(d.list, d.value) : d.kind === 'date' ? date(d.value) : d.value))
    .join(' · ');
}
