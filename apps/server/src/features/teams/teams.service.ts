import { audit, diffFields } from '../../platform/audit/audit.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { TeamRecord, TeamRow } from './teams.repo.ts';
import * as repo from './teams.repo.ts';
import type { CreateTeamInput, UpdateTeamInput } from './teams.schema-api.ts';

const audited = (t: TeamRow) => ({ name: t.name, description: t.description });
const nameTaken = (name: string) => new AppError('team.already_exists', `A team named "${name}" exists`);

async function uniqueName<T>(name: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (name && repo.isUniqueViolation(err)) throw nameTaken(name);
    throw err;
  }
}

/** Every team (team names are not confidential: any signed-in user may list them). */
/** Services re-check the route's rule, so a caller other than the route (a job, a script) cannot skip it. */
const requireAdmin = (ctx: Ctx) => authorize(ctx.actor, { scope: 'admin' });

export async function listTeams(ctx: Ctx): Promise<TeamRecord[]> {
  return repo.listTeams(ctx.deps.database.db);
}

export async function getTeam(ctx: Ctx, input: { id: string }): Promise<TeamRecord> {
  const team = await repo.findTeamById(ctx.deps.database.db, input.id);
  if (!team) throw notFound('team', input.id);
  return team;
}

export async function createTeam(ctx: Ctx, input: CreateTeamInput): Promise<TeamRecord> {
  requireAdmin(ctx);
  return uniqueName(input.name, () =>
    withTx(ctx, async (t) => {
      if (await repo.findTeamIdByName(t.db, input.name)) throw nameTaken(input.name);
      const team = await repo.insertTeam(t.db, { name: input.name, description: input.description ?? null });
      await audit(t, {
        entityType: 'team',
        entityId: team.id,
        action: 'create',
        changes: diffFields(null, audited(team)),
      });
      return { ...team, memberCount: 0 };
    }),
  );
}

export async function updateTeam(ctx: Ctx, input: { id: string; patch: UpdateTeamInput }): Promise<TeamRecord> {
  requireAdmin(ctx);
  return uniqueName(input.patch.name, () =>
    withTx(ctx, async (t) => {
      const before = await repo.findTeamById(t.db, input.id, { forUpdate: true });
      if (!before) throw notFound('team', input.id);
      const changes = diffFields(audited(before), input.patch);
      if (Object.keys(changes).length === 0) return before;
      if (input.patch.name) {
        const other = await repo.findTeamIdByName(t.db, input.patch.name);
        if (other && other !== input.id) throw nameTaken(input.patch.name);
      }
      const after = await repo.updateTeamRow(t.db, input.id, input.patch);
      await audit(t, { entityType: 'team', entityId: input.id, action: 'update', changes });
      return { ...after, memberCount: before.memberCount };
    }),
  );
}

/** Deletes an empty team; a team that still has users (even deactivated ones) is refused. */
export async function deleteTeam(ctx: Ctx, input: { id: string }): Promise<void> {
  requireAdmin(ctx);
  await withTx(ctx, async (t) => {
    const before = await repo.findTeamById(t.db, input.id, { forUpdate: true });
    if (!before) throw notFound('team', input.id);
    const members = await repo.countTeamUsers(t.db, input.id);
    if (members > 0) {
      throw new AppError('team.not_empty', `The team still has ${members} user(s); move them first`, {
        status: 409,
      });
    }
    await repo.deleteTeamRow(t.db, input.id);
    await audit(t, {
      entityType: 'team',
      entityId: input.id,
      action: 'delete',
      changes: Object.fromEntries(Object.entries(audited(before)).map(([k, v]) => [k, { before: v, after: null }])),
    });
  });
}
