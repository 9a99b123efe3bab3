import { type NotificationData, notifications } from '@mantine/notifications';
import i18n from '../../app/i18n.ts';

/** Mantine's close buttons have no accessible name of their own: give them one (axe `button-name`). */
export const closeLabel = () => ({ 'aria-label': i18n.t('actions.close') });

/** `notifications.show` with a named close button. */
export function notify(data: NotificationData) {
  return notifications.show({ ...data, closeButtonProps: closeLabel() });
}
