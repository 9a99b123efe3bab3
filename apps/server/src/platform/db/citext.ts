import { customType } from 'drizzle-orm/pg-core';

/** Case-insensitive text (extension citext), used for e-mails and unique names. */
export const citext = customType<{ data: string }>({
  dataType: () => 'citext',
});
