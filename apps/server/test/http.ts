import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

type Json = Record<string, unknown> | unknown[];

/** A small client over `app.inject` for one caller (its headers), returning status and parsed JSON. */
export function client(app: FastifyInstance, headers: Record<string, string> = {}) {
  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: Json,
    extra: Record<string, string> = {},
  ) => {
    const res: LightMyRequestResponse = await app.inject({
      method,
      url,
      headers: { ...headers, ...extra },
      ...(body !== undefined ? { payload: body } : {}),
    });
    const isJson = /json/.test(String(res.headers['content-type'] ?? ''));
    // biome-ignore lint/suspicious/noExplicitAny: test convenience, bodies are checked by assertions
    const json: any = isJson && res.body ? JSON.parse(res.body) : undefined;
    return { status: res.statusCode, body: json, headers: res.headers, raw: res };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body?: Json, extraHeaders?: Record<string, string>) =>
      call('POST', url, body ?? {}, extraHeaders),
    put: (url: string, body: Json) => call('PUT', url, body),
    patch: (url: string, body: Json) => call('PATCH', url, body),
    delete: (url: string) => call('DELETE', url),
  };
}
export type Client = ReturnType<typeof client>;
