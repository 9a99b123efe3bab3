import { v7 } from 'uuid';

/** UUIDv7: time-ordered, so ids sort by creation and index locality stays good. */
export const newId = (): string => v7();
