import { DIRECTIONS, INTERACTION_TYPES } from '@crm/contracts';
import { z } from 'zod';
import { expandedFields, expandParam } from '../../platform/http/expand.ts';
import { emailAddress } from '../../platform/http/fields.ts';
import { dateQuery, listQueryBase, listResponse, multi } from '../../platform/http/list.ts';

export const ParticipantSchema = z
  .object({
    personId: z.uuid(),
    role: z.string().nullable(),
    present: z.boolean(),
  })
  .meta({ id: 'InteractionParticipant' });

export const ExternalParticipantSchema = z
  .object({ name: z.string().trim().min(1).max(200), email: emailAddress().optional() })
  .meta({ id: 'ExternalParticipant' });

export const InteractionSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(INTERACTION_TYPES),
    title: z.string(),
    body: z.string().nullable(),
    occurredAt: z.date(),
    durationMinutes: z.number().int().nullable(),
    direction: z.enum(DIRECTIONS).nullable(),
    organisationId: z.uuid().nullable(),
    personId: z.uuid().nullable(),
    mandatId: z.uuid().nullable(),
    outcome: z.string().nullable(),
    participants: z.array(ParticipantSchema),
    externalParticipants: z.array(ExternalParticipantSchema),
    externalSource: z.string().nullable(),
    externalId: z.string().nullable(),
    createdBy: z.uuid().nullable(),
    ownerId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
    deletedAt: z.date().nullable(),
  })
  .meta({ id: 'Interaction' });
export type InteractionDto = z.infer<typeof InteractionSchema>;
export type ParticipantDto = z.infer<typeof ParticipantSchema>;

const participantInput = z.object({
  personId: z.uuid(),
  role: z.string().trim().min(1).max(60).nullable().optional(),
  present: z.boolean().optional(),
});

const editable = {
  type: z.enum(INTERACTION_TYPES),
  title: z.string().trim().min(1).max(300),
  body: z.string().max(50_000).nullable(),
  occurredAt: z.iso.datetime({ offset: true }).transform((v) => new Date(v)),
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .nullable(),
  direction: z.enum(DIRECTIONS).nullable(),
  organisationId: z.uuid().nullable(),
  personId: z.uuid().nullable(),
  mandatId: z.uuid().nullable(),
  outcome: z.string().trim().max(2000).nullable(),
  participants: z.array(participantInput).max(100).describe('Replaces the whole list on update'),
  externalParticipants: z.array(ExternalParticipantSchema).max(100),
  ownerId: z.uuid(),
};

export const CreateInteractionSchema = z
  .object({
    ...editable,
    externalSource: z.string().trim().min(1).max(60).optional(),
    externalId: z.string().trim().min(1).max(300).optional(),
  })
  .partial()
  .required({ type: true, title: true, occurredAt: true })
  .refine((v) => !v.externalSource === !v.externalId, {
    message: 'externalSource and externalId go together',
    path: ['externalId'],
  });
export type CreateInteractionInput = z.input<typeof CreateInteractionSchema>;
export type CreateInteractionData = z.output<typeof CreateInteractionSchema>;

export const UpdateInteractionSchema = z.object(editable).partial().strict();
export type UpdateInteractionInput = z.output<typeof UpdateInteractionSchema>;

export const InteractionListQuery = listQueryBase.extend({
  type: multi(z.enum(INTERACTION_TYPES)).optional(),
  direction: multi(z.enum(DIRECTIONS)).optional(),
  organisationId: multi(z.uuid()).optional(),
  personId: multi(z.uuid()).optional().describe('The main person or a participant'),
  mandatId: multi(z.uuid()).optional(),
  ownerId: multi(z.uuid()).optional(),
  teamId: multi(z.uuid()).optional(),
  createdBy: multi(z.uuid()).optional(),
  occurredFrom: dateQuery.optional(),
  occurredTo: dateQuery.optional(),
});
export type InteractionListFilter = z.infer<typeof InteractionListQuery>;

export const InteractionListSchema = listResponse(InteractionSchema);

/** The query of `GET /interactions`: the list's filters plus `expand` (not an export's nor a saved view's parameter). */
export const InteractionListRouteQuery = InteractionListQuery.extend({
  expand: expandParam(['organisation', 'owner']),
});
/** A page of `GET /interactions`: items with the expanded relations when asked for. */
export const InteractionPageSchema = listResponse(
  InteractionSchema.extend({ organisation: expandedFields.organisation, owner: expandedFields.owner }).meta({
    id: 'InteractionListItem',
  }),
);
