import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { rateLimitGroup } from '../../platform/http/rate-limit.ts';
import { assertStorableText } from '../../platform/http/storable-text.ts';
import { tooLarge } from '../../platform/tabular/tabular.errors.ts';
import { IMPORT_TARGETS, type ImportTarget } from './import-fields.ts';
import { MAX_IMPORT_BYTES } from './import-file.ts';
import {
  DryRunBodySchema,
  ImportJobSchema,
  ImportListQuery,
  ImportListSchema,
  RunBodySchema,
  UploadResultSchema,
} from './imports.contracts.ts';
import { dryRunImport, getImport, importErrorsCsv, listImports, startImport, uploadImport } from './imports.service.ts';

const tags = ['imports'];
/** DOMAIN.md: importing is for managers and admins. */
const importers = { auth: { scope: 'write' as const, roles: ['admin' as const, 'manager' as const] } };

interface ReceivedFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/** Reads the multipart form: the `file` part (bounded) and the `entity` field (or `?entity=`). */
async function receiveUpload(req: FastifyRequest): Promise<{ entity: ImportTarget; file: ReceivedFile }> {
  if (!req.isMultipart()) {
    throw new AppError('request.unsupported_media_type', 'Send the file as multipart/form-data', { status: 415 });
  }
  const fields: Record<string, string> = {};
  let file: ReceivedFile | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && !file) {
          assertStorableText(part.filename, 'body.file.filename');
          file = { fileName: part.filename || 'import', mimeType: part.mimetype, bytes };
        }
      } else {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(MAX_IMPORT_BYTES);
    throw err;
  }
  const entity = fields.entity ?? (req.query as { entity?: string } | undefined)?.entity;
  if (!entity || !(IMPORT_TARGETS as readonly string[]).includes(entity)) {
    throw new AppError('request.validation', `entity must be one of ${IMPORT_TARGETS.join(', ')}`, {
      fields: [{ path: 'body.entity', message: `one of ${IMPORT_TARGETS.join(', ')}`, code: 'invalid_value' }],
    });
  }
  if (!file) {
    throw new AppError('request.validation', 'The form has no `file` part', {
      fields: [{ path: 'body.file', message: 'required', code: 'required' }],
    });
  }
  return { entity: entity as ImportTarget, file };
}

export const importRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  // Multipart only for these routes (this plugin is encapsulated).
  await app.register(multipart, {
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 8 },
  });

  app.post(
    '/imports',
    {
      config: {
        ...importers,
        rateLimit: rateLimitGroup('expensive'),
        multipartBody: {
          type: 'object',
          required: ['file'],
          properties: {
            file: { type: 'string', format: 'binary', description: 'The CSV or XLSX file' },
            entity: {
              type: 'string',
              enum: [...IMPORT_TARGETS],
              description: 'What the rows are (or `?entity=`)',
            },
          },
        },
      },
      schema: {
        tags,
        summary: 'Upload a CSV or XLSX file to import (multipart: `file`, `entity`); returns mapping suggestions',
        consumes: ['multipart/form-data'],
        querystring: z.object({ entity: z.enum(IMPORT_TARGETS).optional() }),
        response: { 201: UploadResultSchema, 413: ProblemSchema, 415: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (req, reply) => {
      const { entity, file } = await receiveUpload(req);
      const result = await uploadImport(req.ctx, { entity, ...file });
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/imports',
    {
      config: importers,
      schema: {
        tags,
        summary: 'Recent imports: the caller’s own (admins: everyone’s), newest first',
        querystring: ImportListQuery,
        response: { 200: ImportListSchema },
      },
    },
    async (req) => ({ items: await listImports(req.ctx, req.query.limit) }),
  );

  app.get(
    '/imports/:id',
    {
      config: importers,
      schema: {
        tags,
        summary: 'One import: status, progress, dry-run report and final report',
        params: idParams,
        response: { 200: ImportJobSchema, 404: ProblemSchema },
      },
    },
    async (req) => getImport(req.ctx, req.params.id),
  );

  app.post(
    '/imports/:id/dry-run',
    {
      config: importers,
      schema: {
        tags,
        summary:
          'Start a dry run in the background: saves the mapping and duplicate mode, then checks every row without importing; poll GET /imports/{id} (status `validating`, then `validated` with `dryRun`)',
        params: idParams,
        body: DryRunBodySchema,
        response: { 202: ImportJobSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => reply.code(202).send(await dryRunImport(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/imports/:id/run',
    {
      config: importers,
      schema: {
        tags,
        summary:
          'Start the import in the background (after a dry run), with a decision for each row the dry run proposed for review; poll GET /imports/{id} for progress',
        params: idParams,
        body: RunBodySchema,
        response: { 202: ImportJobSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => reply.code(202).send(await startImport(req.ctx, req.params.id, req.body)),
  );

  app.get(
    '/imports/:id/errors.csv',
    {
      config: importers,
      schema: {
        tags,
        summary:
          'The final report as CSV, by row: failures (field, code, message) and rows skipped, merged or reviewed (the record matched, why, the decision, the fields filled)',
        params: idParams,
        produces: ['text/csv'],
        response: { 200: z.string().describe('CSV file'), 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      const file = await importErrorsCsv(req.ctx, req.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(file.stream as unknown as string);
    },
  );
};
