import { PRODUCED_EVENT_TYPES } from '@crm/contracts';
import { SAMPLE_OBJECTS, samplePayload } from './samples.ts';

export const DOC_START = '<!-- webhook-samples:start -->';
export const DOC_END = '<!-- webhook-samples:end -->';

/** The payload keys that hold a record, and the sample each stands for. */
const RECORDS: Record<string, keyof typeof SAMPLE_OBJECTS> = {
  person: 'person',
  organisation: 'organisation',
  mandat: 'mandat',
  product: 'product',
  interaction: 'interaction',
  task: 'task',
};

/**
 * The "Payload examples" section of docs/WEBHOOKS.md, from the samples `POST /webhooks/{id}/test` sends: each event
 * type's `data` with its record shortened to `{…}`, then each record in full. `npm run docs:webhooks` writes it; a
 * test fails when the document differs.
 */
export function renderSamplesSection(): string {
  const lines = ['| Type | `data` |', '| --- | --- |'];
  for (const type of PRODUCED_EVENT_TYPES) {
    const data = samplePayload(type) ?? {};
    const shown = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, k in RECORDS ? `{…${RECORDS[k]}}` : v]));
    const json = JSON.stringify(shown)
      .replace(/"\{…(\w+)\}"/g, '{…$1}')
      .replaceAll('|', '\\|');
    lines.push(`| \`${type}\` | \`${json}\` |`);
  }
  lines.push('', 'The records, as the API returns them:');
  for (const [name, sample] of Object.entries(SAMPLE_OBJECTS)) {
    lines.push('', `\`${name}\``, '', '```json', JSON.stringify(sample, null, 2), '```');
  }
  return lines.join('\n');
}

/** `text` with the section between the markers replaced by `section`. */
export function withSamplesSection(text: string, section: string): string {
  const start = text.indexOf(DOC_START);
  const end = text.indexOf(DOC_END);
  if (start < 0 || end < start) throw new Error(`docs/WEBHOOKS.md lacks the ${DOC_START} … ${DOC_END} markers`);
  return `${text.slice(0, start + DOC_START.length)}\n${section}\n${text.slice(end)}`;
}
