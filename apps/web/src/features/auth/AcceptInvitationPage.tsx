import { PasswordLinkPage } from './ResetPasswordPage.tsx';

/** `/accept-invitation?token=…`: the link of the invitation mail, where a new user chooses their password. */
export default function AcceptInvitationPage() {
  return <PasswordLinkPage mode="invitation" />;
}
