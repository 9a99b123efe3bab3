import { bigint, customType, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt } from '../db/columns.ts';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * Files kept in the database (the `postgres` storage adapter): an object's bytes in chunks of up to a mebibyte, then
 * its row in `stored_objects`, written last: an object exists once its row does.
 */
export const storedObjects = pgTable('stored_objects', {
  key: text('key').primaryKey(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  chunks: integer('chunks').notNull(),
  createdAt: createdAt(),
});

export const storedObjectChunks = pgTable(
  'stored_object_chunks',
  {
    key: text('key').notNull(),
    n: integer('n').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.key, t.n] }), index('stored_object_chunks_created_idx').on(t.createdAt)],
);
