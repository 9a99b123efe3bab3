import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import { audit } from '../audit/audit.ts';
import { BootError } from '../boot-error.ts';
import type { Deps } from '../context.ts';
import { systemCtx } from '../context.ts';
import { withTx } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { users } from './auth.schema.ts';
import { assertPasswordPolicy, hashPassword, PASSWORD_RULES } from './password.ts';

/**
 * On the first start with no user at all, creates the administrator from ADMIN_EMAIL/ADMIN_PASSWORD,
 * or with a random password printed once. Nothing else in the code creates a user with a known password.
 */
export async function bootstrapAdmin(
  deps: Deps,
  print: (line: string) => void = console.log,
): Promise<{ created: boolean; email?: string }> {
  const [row] = await deps.database.db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return { created: false };
  const email = deps.config.admin.email ?? 'admin@crm.local';
  const generated = !deps.config.admin.password;
  const password = deps.config.admin.password ?? randomBytes(18).toString('base64url');
  try {
    assertPasswordPolicy(password, { email });
  } catch (err) {
    if (!(err instanceof AppError) || generated) throw err;
    // A refusal to start naming the variable and its rules (printed without a stack trace by main.ts).
    throw new BootError(
      'ADMIN_PASSWORD',
      `refused for the first administrator (${email}): ${err.message.replace(/^The password /, 'it ').replace('your e-mail address', 'ADMIN_EMAIL')} ` +
        `The rules: ${PASSWORD_RULES}.`,
      { cause: err },
    );
  }
  const passwordHash = await hashPassword(password);
  const created = await withTx(systemCtx(deps), async (t) => {
    const [u] = await t.db
      .insert(users)
      .values({ email, name: 'Administrateur', passwordHash, role: 'admin', passwordChangedAt: deps.clock.now() })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (u)
      await audit(t, {
        entityType: 'user',
        entityId: u.id,
        action: 'create',
        metadata: { bootstrap: true, role: 'admin' },
      });
    return !!u;
  });
  if (created && generated) {
    print('');
    print('  First start: an administrator account was created.');
    print(`    e-mail:   ${email}`);
    print(`    password: ${password}`);
    print('  This password is shown only once: sign in and change it.');
    print('');
  }
  return { created, email };
}
