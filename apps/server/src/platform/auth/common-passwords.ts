// Placeholder list; replaced by a proper common-password list (see issue 2, Authentication).
const COMMON = new Set(['password1234', '123456789012', 'qwertyuiopas', 'motdepasse123', 'azertyuiop12']);

export function isCommonPassword(plain: string): boolean {
  return COMMON.has(plain.toLowerCase());
}
