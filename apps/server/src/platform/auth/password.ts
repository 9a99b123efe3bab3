import argon2 from 'argon2';
import { AppError } from '../errors.ts';
import { isCommonPassword } from './common-passwords.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** argon2id with the library's defaults (64 MiB, t=3, p=4), as OWASP recommends. */
export const hashPassword = (plain: string): Promise<string> => argon2.hash(plain, { type: argon2.argon2id });

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

/** The password rules, as the README states them: what assertPasswordPolicy checks, in one sentence. */
export const PASSWORD_RULES =
  `${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters, not one of the most common passwords, ` +
  "not containing the name of the account's e-mail address (its part before the @)";

/**
 * Refuses short, over-long and common passwords, and passwords made from the user's e-mail. The message is a
 * sentence ("The password must have at least 12 characters and must not contain the name of your e-mail address.");
 * the web app shows its own words, chosen by `common` and `e-mail` in it (apps/web/src/features/profile/password.ts).
 */
export function assertPasswordPolicy(plain: string, context: { email?: string } = {}): void {
  const problems: string[] = [];
  if (plain.length < MIN_PASSWORD_LENGTH) problems.push(`have at least ${MIN_PASSWORD_LENGTH} characters`);
  if (plain.length > MAX_PASSWORD_LENGTH) problems.push(`have at most ${MAX_PASSWORD_LENGTH} characters`);
  if (isCommonPassword(plain)) problems.push('not be one of the most common passwords');
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && plain.toLowerCase().includes(local)) {
    problems.push(`not contain the name of your e-mail address ("${local}")`);
  }
  if (problems.length) {
    const rules = problems.map((p) => `must ${p}`);
    const sentence = rules.length > 1 ? `${rules.slice(0, -1).join(', ')} and ${rules.at(-1)}` : rules[0];
    throw new AppError('auth.weak_password', `The password ${sentence}.`, {
      fields: [{ path: 'password', message: sentence as string, code: 'weak_password' }],
    });
  }
}
