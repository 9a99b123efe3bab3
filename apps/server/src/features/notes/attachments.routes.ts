import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { assertStorableText } from '../../platform/http/storable-text.ts';
import { contentDisposition } from './attachment-types.ts';
import {
  ATTACHMENT_MAX_BYTES,
  deleteAttachment,
  listAttachments,
  openAttachment,
  tooLarge,
  uploadAttachment,
} from './attachments.service.ts';
import { AttachmentListSchema, AttachmentSchema, PARENT_ROUTES } from './notes.contracts.ts';

const tags = ['attachments'];
const read = { auth: { scope: 'read' as const } };
const write = { auth: { scope: 'write' as const } };

/** Multipart is registered here only: no other route accepts file uploads. */
export const attachmentRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  await app.register(multipart, {
    limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 5, parts: 6 },
  });

  for (const [segment, entityType] of PARENT_ROUTES) {
    app.get(
      `/${segment}/:id/attachments`,
      {
        config: read,
        schema: {
          tags,
          summary: `Files attached to a ${entityType}, newest first`,
          params: idParams,
          response: { 200: AttachmentListSchema, 404: ProblemSchema },
        },
      },
      async (req) => ({ items: await listAttachments(req.ctx, entityType, req.params.id) }),
    );

    app.post(
      `/${segment}/:id/attachments`,
      {
        config: {
          ...write,
          multipartBody: {
            type: 'object',
            required: ['file'],
            properties: { file: { type: 'string', format: 'binary', description: 'The file (20 MB at most)' } },
          },
        },
        schema: {
          tags,
          summary: `Upload one file (multipart field "file": pdf, png/jpeg/webp, docx/xlsx/pptx, csv, txt; 20 MB) to a ${entityType}`,
          consumes: ['multipart/form-data'],
          params: idParams,
          response: { 201: AttachmentSchema, 400: ProblemSchema, 413: ProblemSchema, 415: ProblemSchema },
        },
      },
      async (req, reply) => {
        if (!req.isMultipart()) {
          throw new AppError('attachment.multipart_required', 'Send the file as multipart/form-data', { status: 415 });
        }
        let part: Awaited<ReturnType<typeof req.file>>;
        try {
          part = await req.file();
        } catch (err) {
          if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
          throw err;
        }
        if (!part) throw new AppError('attachment.file_required', 'No file in the request', { status: 400 });
        assertStorableText(part.filename, 'body.file.filename');
        const dto = await uploadAttachment(req.ctx, entityType, req.params.id, {
          fileName: part.filename,
          mimeType: part.mimetype,
          stream: part.file,
          truncated: () => part.file.truncated,
        });
        return reply.code(201).send(dto);
      },
    );
  }

  app.get(
    '/attachments/:id/download',
    {
      config: read,
      schema: {
        operationId: 'downloadAttachment',
        tags,
        summary: 'Download an attachment (always as a download, never rendered inline)',
        params: idParams,
        response: { 200: z.any().describe('The file'), 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      const { attachment, stream } = await openAttachment(req.ctx, req.params.id);
      return reply
        .header('content-disposition', contentDisposition(attachment.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('content-length', String(attachment.sizeBytes))
        .header('cache-control', 'private, no-store')
        .type(attachment.mimeType)
        .send(stream);
    },
  );

  app.delete(
    '/attachments/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete an attachment (uploader, admin or team manager)',
        params: idParams,
        response: { 204: z.null(), 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      await deleteAttachment(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
};
