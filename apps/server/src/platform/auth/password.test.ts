import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { assertPasswordPolicy } from './password.ts';

const refusal = (plain: string, email?: string) => {
  try {
    assertPasswordPolicy(plain, { email });
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('the password was accepted');
};

describe('assertPasswordPolicy', () => {
  it('accepts 12 to 256 characters that are neither common nor made from the e-mail', () => {
    expect(() => assertPasswordPolicy('Verte-Prairie-2031', { email: 'camille.durand@example.com' })).not.toThrow();
    expect(() => assertPasswordPolicy(`${'a'.repeat(200)}Zq9-`, {})).not.toThrow();
  });

  it('says why in one grammatical sentence, each rule with its verb', () => {
    expect(refusal('Zq9-vert').message).toBe('The password must have at least 12 characters.');
    expect(refusal('x'.repeat(257)).message).toBe('The password must have at most 256 characters.');
    expect(refusal('password1234').message).toBe('The password must not be one of the most common passwords.');
    expect(refusal('camille.durand-2031', 'camille.durand@example.com').message).toBe(
      'The password must not contain the name of your e-mail address ("camille.durand").',
    );
    const both = refusal('Zorglub-9', 'zorglub@example.com');
    expect(both.message).toBe(
      'The password must have at least 12 characters and must not contain the name of your e-mail address ("zorglub").',
    );
    expect(refusal('password', 'password@example.com').message).toBe(
      'The password must have at least 12 characters, must not be one of the most common passwords and must not ' +
        'contain the name of your e-mail address ("password").',
    );
    expect(both.code).toBe('auth.weak_password');
  });
});
