/**
 * « Exporter mes données d'usage »: every page of `GET /analytics/me/events/export` (newest first, `nextCursor`),
 * gathered into one JSON document the user downloads. Pure but for the fetch it is given.
 */

export interface UsagePage<E> {
  items: E[];
  nextCursor: string | null;
  recordings: number;
}

/** Follows `nextCursor` until the last page; stops at `maxPages` (a cursor that loops would never end). */
export async function collectPages<E>(
  fetchPage: (cursor: string | undefined) => Promise<UsagePage<E>>,
  maxPages = 1000,
): Promise<{ events: E[]; recordings: number }> {
  const events: E[] = [];
  let cursor: string | undefined;
  let recordings = 0;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(cursor);
    events.push(...page.items);
    recordings = page.recordings;
    if (!page.nextCursor || page.nextCursor === cursor) break;
    cursor = page.nextCursor;
  }
  return { events, recordings };
}

/** The downloaded document: when, how many, the events, and how many replay chunks are kept (not included). */
export function usageExportDocument<E>(collected: { events: E[]; recordings: number }, exportedAt: Date) {
  return {
    exportedAt: exportedAt.toISOString(),
    events: collected.events.length,
    recordingChunks: collected.recordings,
    items: collected.events,
  };
}

/** `donnees-usage-2026-12-07.json` (the date in Paris, the day the user sees). */
export function usageExportFileName(exportedAt: Date): string {
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(exportedAt);
  return `donnees-usage-${day}.json`;
}

/** Hands a JSON document to the browser as a file download. */
export function downloadJson(fileName: string, document_: unknown) {
  const blob = new Blob([`${JSON.stringify(document_, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
