import { z } from 'zod';
import type { TeamRecord } from './teams.repo.ts';

export const TeamSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    memberCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Team' });

export const TeamIdParams = z.object({ id: z.uuid() });

export const CreateTeamBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(1000).nullable().optional(),
  })
  .strict();
export type CreateTeamInput = z.infer<typeof CreateTeamBody>;

export const UpdateTeamBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    description: z.string().trim().max(1000).nullable().optional(),
  })
  .strict();
export type UpdateTeamInput = z.infer<typeof UpdateTeamBody>;

export const toTeamDto = (t: TeamRecord) => ({
  id: t.id,
  name: t.name,
  description: t.description,
  memberCount: t.memberCount,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});
