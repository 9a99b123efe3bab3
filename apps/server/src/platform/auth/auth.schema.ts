import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  inet,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { citext } from '../db/citext.ts';
import { createdAt, idPk, tstz, updatedAt } from '../db/columns.ts';

export const roleEnum = pgEnum('user_role', ['admin', 'manager', 'user', 'viewer']);

export const teams = pgTable('teams', {
  id: idPk(),
  name: citext('name').notNull().unique(),
  description: text('description'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const users = pgTable(
  'users',
  {
    id: idPk(),
    email: citext('email').notNull().unique(),
    name: text('name').notNull(),
    /** argon2id; null until an invited user chooses their password (nobody can sign in to such an account). */
    passwordHash: text('password_hash'),
    role: roleEnum('role').notNull().default('user'),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    isActive: boolean('is_active').notNull().default(true),
    locale: text('locale').notNull().default('fr'),
    /** TOTP secret, encrypted with a key derived from SESSION_SECRET (AES-256-GCM). */
    totpSecretEnc: text('totp_secret_enc'),
    totpEnabledAt: tstz('totp_enabled_at'),
    /** Last accepted TOTP time step: a code of this step or an earlier one is refused (no replay). */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    passwordChangedAt: tstz('password_changed_at'),
    /** When the pending invitation was (last) mailed; cleared when the user sets their password. */
    invitedAt: tstz('invited_at'),
    lastLoginAt: tstz('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('users_team_idx').on(t.teamId)],
);

export const userBackupCodes = pgTable(
  'user_backup_codes',
  {
    id: idPk(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: tstz('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('user_backup_codes_user_idx').on(t.userId)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: idPk(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 of the random token; the token itself is only in the user's cookie. */
    tokenHash: text('token_hash').notNull(),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    absoluteExpiresAt: tstz('absolute_expires_at').notNull(),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [uniqueIndex('sessions_token_hash_uq').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: idPk(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** First characters of the key, shown in lists so a user can tell keys apart. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    lastUsedAt: tstz('last_used_at'),
    expiresAt: tstz('expires_at'),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_key_hash_uq').on(t.keyHash), index('api_keys_user_idx').on(t.userId)],
);

/** Why a password link was mailed: a reset (one hour) or an invitation to choose a first password (seven days). */
export const passwordTokenPurposeEnum = pgEnum('password_token_purpose', ['reset', 'invitation']);

export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    id: idPk(),
    purpose: passwordTokenPurposeEnum('purpose').notNull().default('reset'),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('password_reset_tokens_hash_uq').on(t.tokenHash)],
);

/**
 * Failed logins, counted per account, per address and per (account, address) pair over sliding windows (works
 * across API processes); the rules are in features/auth/login-throttle.ts.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: idPk(),
    email: citext('email'),
    ip: inet('ip'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('login_failures_email_at_idx').on(t.email, t.at), index('login_failures_ip_at_idx').on(t.ip, t.at)],
);

/**
 * The addresses each user has signed in from successfully. When an account passes its ceiling of failed logins,
 * only these addresses may still sign in (features/auth/login-throttle.ts); the last success of a pair also
 * restarts its progressive delay.
 */
export const knownLoginAddresses = pgTable(
  'known_login_addresses',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    ip: inet('ip').notNull(),
    firstAt: tstz('first_at').notNull().defaultNow(),
    lastAt: tstz('last_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ip] })],
);
