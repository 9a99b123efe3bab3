import { SimpleGrid } from '@mantine/core';
import type { ActivityEntity } from './activity-links.ts';
import { Files } from './notes/Files.tsx';
import { Notes } from './notes/Notes.tsx';

export { Files, Notes };

/** Notes and attached files of one record, side by side on wide screens. */
export function NotesAndFiles({ entity, id }: { entity: ActivityEntity; id: string }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Notes entity={entity} id={id} />
      <Files entity={entity} id={id} />
    </SimpleGrid>
  );
}
