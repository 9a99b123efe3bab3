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

/** Refuses short, over-long and common passwords, and passwords made from the user's e-mail. */
export function assertPasswordPolicy(plain: string, context: { email?: string } = {}): void {
  const problems: string[] = [];
  if (plain.length < MIN_PASSWORD_LENGTH) problems.push(`at least ${MIN_PASSWORD_LENGTH} characters`);
  if (plain.length > MAX_PASSWORD_LENGTH) problems.push(`at most ${MAX_PASSWORD_LENGTH} characters`);
  if (isCommonPassword(plain)) problems.push('not one of the most common passwords');
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && plain.toLowerCase().includes(local)) problems.push('not contain your e-mail name');
  if (problems.length) {
    throw new AppError('auth.weak_password', `The password must be ${problems.join(', ')}`, {
      fields: [{ path: 'password', message: problems.join(', '), code: 'weak_password' }],
    });
  }
}
