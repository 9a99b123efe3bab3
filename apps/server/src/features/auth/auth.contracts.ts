import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../../platform/auth/password.ts';
import { ROLES } from '../../platform/context.ts';
import type { UserRow } from './auth.repo.ts';

const email = z.string().trim().min(3).max(320);
/** Length and common-password checks happen in the service (auth.weak_password), not here. */
const newPassword = z.string().min(1).max(MAX_PASSWORD_LENGTH);
const isoDate = z.string().describe('ISO 8601 date-time');

export const LoginBody = z.object({
  email,
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  totp: z.string().trim().min(1).max(32).optional().describe('6-digit TOTP code, or one of the backup codes'),
});

export const MeUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  teamId: z.uuid().nullable(),
  locale: z.string(),
  totpEnabled: z.boolean(),
});
export type MeUser = z.infer<typeof MeUser>;

export const LoginReply = z.object({
  user: MeUser,
  csrfToken: z.string().describe('Send it back in the x-csrf-token header on every write (also in cookie crm_csrf)'),
  expiresAt: isoDate.describe('Idle expiry of the session; it slides with activity'),
});

export const MeReply = z.object({ user: MeUser });
export const SessionReply = z.object({ user: MeUser.nullable().describe('null when nobody is signed in') });

export const SessionItem = z.object({
  id: z.uuid(),
  current: z.boolean(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: isoDate,
  lastSeenAt: isoDate,
  expiresAt: isoDate,
});
export const SessionList = z.object({ items: z.array(SessionItem) });
export const IdParams = z.object({ id: z.uuid() });

export const TotpSetupReply = z.object({
  otpauthUri: z.string(),
  qrCodeDataUrl: z.string().describe('PNG data URL of the otpauth URI'),
  secret: z.string().describe('Base32 secret, for manual entry'),
});
export const CodeBody = z.object({ code: z.string().trim().min(1).max(32) });
export const TotpEnableReply = z.object({
  backupCodes: z.array(z.string()).describe('Ten single-use codes, shown this once only'),
});

export const ResetRequestBody = z.object({ email });
export const ResetRequestReply = z.object({ status: z.literal('accepted'), message: z.string() });
export const ResetConfirmBody = z.object({ token: z.string().min(10).max(200), password: newPassword });
export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword,
  revokeApiKeys: z
    .boolean()
    .default(true)
    .describe('Also revoke every API key of mine (default true): keys issued under the old password stop working'),
});
export const RevokedApiKeysReply = z
  .object({ revokedApiKeys: z.number().int().min(0).describe('How many of your API keys were revoked') })
  .describe('Done');

export const toMeUser = (u: UserRow): MeUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  teamId: u.teamId,
  locale: u.locale,
  totpEnabled: u.totpEnabledAt !== null,
});
