import { z } from 'zod';
import { ROLES } from '../../platform/context.ts';
import { emailAddress } from '../../platform/http/fields.ts';
import { passwordLinkExpiry } from '../auth/password.service.ts';
import type { UserRecord } from './users.repo.ts';

/** What the API shows of a user: never the password hash nor the TOTP secret. */
export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    teamId: z.uuid().nullable(),
    isActive: z.boolean(),
    locale: z.string(),
    totpEnabled: z.boolean(),
    invitedAt: z
      .string()
      .nullable()
      .describe('When the pending invitation was (last) sent; null once the user has chosen a password'),
    invitationExpiresAt: z
      .string()
      .nullable()
      .describe('When the link of the pending invitation stops working (past: expired, send it again)'),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'User' });
export type UserDto = z.infer<typeof UserSchema>;

export const DirectoryEntrySchema = z
  .object({ id: z.uuid(), name: z.string(), email: z.string(), role: z.enum(ROLES), teamId: z.uuid().nullable() })
  .meta({ id: 'DirectoryEntry' });

export const UserIdParams = z.object({ id: z.uuid() });

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ListUsersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional(),
  role: z.enum(ROLES).optional(),
  teamId: z.uuid().optional(),
  isActive: boolQuery.optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
export type ListUsersInput = z.infer<typeof ListUsersQuery>;

export const UserListSchema = z.object({
  items: z.array(UserSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});

export const CreateUserBody = z
  .object({
    email: emailAddress(),
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    teamId: z.uuid().nullable().optional(),
    password: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('The initial password; without it the account has none and the user is mailed an invitation'),
    locale: z.enum(['fr', 'en']).optional().describe('Language of the user (and of the invitation mail); default fr'),
  })
  .strict();
export type CreateUserInput = z.infer<typeof CreateUserBody>;

export const PasswordLinkSentSchema = z
  .object({
    status: z.literal('sent').describe('The mail leaves after the answer; a failure to send is logged'),
    expiresAt: z.string().describe('When the link stops working'),
  })
  .meta({ id: 'PasswordLinkSent' });

export const UpdateUserBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(ROLES).optional(),
    teamId: z.uuid().nullable().optional(),
    isActive: z.boolean().optional(),
    locale: z.enum(['fr', 'en']).optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof UpdateUserBody>;

/** What anyone may change of their own account (role, team and active flag stay with administrators). */
export const UpdateMeBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    locale: z.enum(['fr', 'en']).optional(),
  })
  .strict();
export type UpdateMeInput = z.infer<typeof UpdateMeBody>;

export const DirectoryQuery = z.object({ q: z.string().trim().min(1).max(200).optional() });

export function toUserDto(u: UserRecord): UserDto {
  // The invitation still waiting for its password, if any.
  const invitedAt = u.hasPassword ? null : u.invitedAt;
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    teamId: u.teamId,
    isActive: u.isActive,
    locale: u.locale,
    totpEnabled: u.totpEnabledAt !== null,
    invitedAt: invitedAt?.toISOString() ?? null,
    invitationExpiresAt: invitedAt ? passwordLinkExpiry('invitation', invitedAt).toISOString() : null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}
