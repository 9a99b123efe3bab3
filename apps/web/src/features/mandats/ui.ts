import { type NotificationData, notifications } from '@mantine/notifications';
import i18n from '../../app/i18n.ts';

/** Mantine's close buttons (modals, notifications) have no accessible name by default: name them. */
export const closeButtonProps = () => ({ 'aria-label': i18n.t('actions.close') });

/** `notifications.show` with a named close button. */
export function notify(data: NotificationData): string {
  return notifications.show({ closeButtonProps: closeButtonProps(), ...data });
}
