/**
 * What an "Annuler" in a toast sends back: pure functions of what the server answered (or of the record before the
 * action), so that the undo restores the state the user saw rather than a guess. Unit-tested (undo.test.ts).
 */

type TaskStatus = 'todo' | 'doing' | 'done' | 'cancelled';

/**
 * The PATCH body that puts a completed task back as it was: its previous open status (`todo` or `doing`); the server
 * clears `completedAt` when a task leaves `done`. Null when the task was not open (nothing to undo).
 */
export function uncompletePatch(before: { status: TaskStatus }): { status: 'todo' | 'doing' } | null {
  return before.status === 'todo' || before.status === 'doing' ? { status: before.status } : null;
}

/** The `bulk-patch` rows that undo a bulk update: each updated row gets back its own previous values. */
export function undoRows(
  previous: Record<string, Record<string, unknown>>,
): { id: string; patch: Record<string, unknown> }[] {
  return Object.entries(previous)
    .filter(([, patch]) => Object.keys(patch).length > 0)
    .map(([id, patch]) => ({ id, patch: { ...patch } }));
}

/** Whether a bulk update changed something an undo could put back. */
export const canUndo = (previous: Record<string, Record<string, unknown>> | undefined) =>
  !!previous && undoRows(previous).length > 0;
