import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import i18n from '../app/i18n.ts';

let seq = 0;

/**
 * A success toast with an "Annuler" button (8 s, as the deletion's "Restaurer"): the button hides the toast and runs
 * `onUndo`, which shows its own outcome. Plain function, so an action finishes its toast when the row that started it
 * is gone (a completed task leaves the "open" list at once).
 */
export function showUndoToast({
  message,
  onUndo,
  color = 'teal',
}: {
  message: string;
  onUndo: () => void | Promise<void>;
  color?: string;
}) {
  seq += 1;
  const id = `undo-${seq}`;
  notifications.show({
    id,
    color,
    autoClose: 8000,
    message: (
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm">{message}</Text>
        <Button
          size="compact-xs"
          variant="light"
          onClick={() => {
            notifications.hide(id);
            void onUndo();
          }}
        >
          {i18n.t('actions.undo')}
        </Button>
      </Group>
    ),
  });
}
