import { ApiError } from '../../api/client.ts';

/**
 * The reason of a refused password (`auth.weak_password`), in the reader's language: the server's words are
 * English. `t` is the `profile` namespace. null when the error is something else.
 */
export function weakPasswordMessage(
  error: unknown,
  t: (key: 'password.common' | 'password.containsEmail' | 'password.tooShort') => string,
): string | null {
  if (!(error instanceof ApiError) || error.code !== 'auth.weak_password') return null;
  const detail = `${error.message} ${error.fields.map((f) => f.message).join(' ')}`;
  if (/common/i.test(detail)) return t('password.common');
  if (/e-?mail/i.test(detail)) return t('password.containsEmail');
  return t('password.tooShort');
}
