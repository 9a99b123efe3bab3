import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Deps, ROLES } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

const EntityFieldSchema = z
  .object({
    name: z.string().describe('The field’s name in the PATCH body and in the record'),
    type: z.enum([
      'string',
      'text',
      'number',
      'integer',
      'boolean',
      'date',
      'datetime',
      'enum',
      'id',
      'list',
      'email',
      'url',
    ]),
    values: z.array(z.string()).optional().describe('The allowed values of an enum (or of a list of enum values)'),
    nullable: z.boolean().describe('Whether null clears it'),
    writableBy: z.array(z.enum(ROLES)).describe('The roles that may write it, on a record they may change'),
    writable: z.boolean().describe('Whether the caller’s role may write it'),
  })
  .meta({ id: 'EntityField' });

/**
 * `GET /meta/entities/{entity}/fields`: the field descriptions the entity registry holds (from each entity's PATCH
 * schema), so that a client (the web app's bulk edit, a workflow tool) offers the fields a caller may write and a
 * control per type instead of keeping its own list.
 */
export const entityMetaRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/meta/entities/:entity/fields',
    {
      config: { auth: { scope: 'read' } },
      schema: {
        operationId: 'listEntityFields',
        tags: ['meta'],
        summary: 'The writable fields of an entity: type, allowed values, nullability and who may write them',
        description:
          '`entity` is the list path (`organisations`, `people`, `mandats`, `produits`, `interactions`, `tasks`). 404 `meta.entity_not_found` for an entity without field descriptions.',
        params: z.object({ entity: z.string().regex(/^[a-z-]{1,40}$/) }),
        response: { 200: z.object({ entity: z.string(), fields: z.array(EntityFieldSchema) }) },
      },
    },
    async (req) => {
      const def = deps.entities.byPath(req.params.entity);
      if (!def?.fields) {
        throw new AppError('meta.entity_not_found', `No entity "${req.params.entity}" with field descriptions`, {
          status: 404,
        });
      }
      const { role, scopes } = req.ctx.actor;
      // A read-only key writes nothing, whatever its owner's role.
      const mayWrite = (writableBy: readonly string[]) =>
        !!role && writableBy.includes(role) && scopes.includes('write');
      const fields = def.fields.map((f) => ({
        ...f,
        values: f.values ? [...f.values] : undefined,
        writableBy: [...f.writableBy],
        writable: mayWrite(f.writableBy),
      }));
      return { entity: def.path, fields };
    },
  );
};
