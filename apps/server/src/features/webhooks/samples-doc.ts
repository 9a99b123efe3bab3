import {
  EVENT_PAYLOAD_SCHEMAS,
  type EventType,
  PLANNED_EVENT_TYPES,
  PRODUCED_EVENT_TYPES,
  payloadKeys,
} from '@crm/contracts';
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
  email: 'email',
};

/**
 * The "Payload examples" section of docs/WEBHOOKS.md, from the catalogue's payload schemas (@crm/contracts) and the
 * samples `POST /webhooks/{id}/test` sends: each event type's top-level keys and its `data` with its record shortened
 * to `{…}`, then the planned types' provisional keys, then each record in full. `npm run docs:webhooks` writes it; a
 * test fails when the document differs.
 */
export function renderSamplesSection(): string {
  const keys = (type: EventType) =>
    payloadKeys(type)
      .map((k) => `\`${k}\``)
      .join(' ');
  const produced = PRODUCED_EVENT_TYPES.map((type) => {
    const data = samplePayload(type) as Record<string, unknown>;
    const shown = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, k in RECORDS ? `{…${RECORDS[k]}}` : v]));
    const example = JSON.stringify(shown)
      .replace(/"\{…(\w+)\}"/g, '{…$1}')
      .replaceAll('|', '\\|');
    return [`\`${type}\``, keys(type), `\`${example}\``];
  });
  const planned = PLANNED_EVENT_TYPES.map((type) => [
    `\`${type}\``,
    keys(type),
    (EVENT_PAYLOAD_SCHEMAS[type].description ?? '').replace(/^Provisional \(planned, not produced yet\): /, ''),
  ]);
  const lines = [
    'Keys are the top-level keys of `data` in the payload schemas (`packages/contracts/src/event-payloads.ts`); `?`',
    'marks an optional one.',
    '',
    ...table(['Type', 'Keys', 'Example `data`'], produced),
    '',
    'The planned types, whose shapes are provisional until their feature ships:',
    '',
    ...table(['Type', 'Keys', '`data`'], planned),
    '',
    'The records, as the API returns them:',
  ];
  for (const [name, sample] of Object.entries(SAMPLE_OBJECTS)) {
    lines.push('', `\`${name}\``, '', '```json', json(sample), '```');
  }
  return lines.join('\n');
}

/** A Markdown table, its columns padded to their widest cell as the formatter lays them out. */
function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** Indented JSON, arrays of plain values on one line as the formatter leaves them. */
const json = (value: unknown) =>
  JSON.stringify(value, null, 2).replace(
    /\[\n\s*([^[\]{}]*?)\n\s*\]/g,
    (_, inner: string) => `[${inner.split(/,\n\s*/).join(', ')}]`,
  );

/** `text` with the section between the markers replaced by `section`. */
export function withSamplesSection(text: string, section: string): string {
  const start = text.indexOf(DOC_START);
  const end = text.indexOf(DOC_END);
  if (start < 0 || end < start) throw new Error(`docs/WEBHOOKS.md lacks the ${DOC_START} … ${DOC_END} markers`);
  return `${text.slice(0, start + DOC_START.length)}\n${section}\n${text.slice(end)}`;
}
