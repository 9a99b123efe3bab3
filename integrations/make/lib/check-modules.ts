import type { z } from 'zod';
import { type ApiRoute, EVENT_RECORDS, findRoute, samplePayload } from './api-contracts.ts';
import type { HookInfo } from './check-general.ts';
import { type Checker, hasTemplate, interfaceFits, paramFits, soleParameter } from './checker.ts';
import { Communication, type Manifest, NamedParams, type Param } from './make-schemas.ts';
import { enumValuesOf, isRequired } from './zod-kinds.ts';

type Shape = Record<string, z.ZodType>;
const shapeOf = (o: { shape: unknown } | undefined): Shape => (o?.shape ?? {}) as Shape;

/** Module types this app uses and how each gets its data. */
const SUPPORTED_TYPES = ['action', 'search', 'instant_trigger'];

export function checkModules(c: Checker, manifest: Manifest, hooks: Map<string, HookInfo>) {
  const rpcs = manifest.components.rpc;
  for (const [id, meta] of Object.entries(manifest.components.module)) {
    const where = `module ${id}`;
    c.ok(SUPPORTED_TYPES.includes(meta.moduleType), `${where}: type ${meta.moduleType} is not one this app uses`);
    c.ok(meta.connection && meta.connection in manifest.components.connection, `${where}: its connection exists`);
    const files = meta.codeFiles;
    const staticParams = c.parse(NamedParams, c.readJson(files.staticParams, where), `${where} static params`) ?? [];
    const mappable = c.parse(NamedParams, c.readJson(files.mappableParams, where), `${where} mappable params`) ?? [];
    const iface = c.parse(NamedParams, c.readJson(files.interface, where), `${where} interface`) ?? [];
    const samples = c.readJson(files.samples, where);
    const params = [...staticParams, ...mappable];
    for (const p of params) {
      if (typeof p.options === 'string') {
        const rpc = p.options.slice('rpc://'.length);
        c.ok(rpc in rpcs, `${where}: parameter ${p.name} lists options from rpc://${rpc}, which does not exist`);
      }
    }

    let answer: Shape | undefined;
    if (meta.moduleType === 'instant_trigger') {
      const hook = meta.webhook ? hooks.get(meta.webhook) : undefined;
      c.ok(hook, `${where}: an instant trigger names one of the app's webhooks (has ${meta.webhook})`);
      c.ok(params.length === 0, `${where}: an instant trigger has no parameters here`);
      if (hook) {
        answer = shapeOf(EVENT_RECORDS[hook.recordKey]);
        const sample = samplePayload(hook.event)?.[hook.recordKey] as Record<string, unknown> | undefined;
        for (const f of iface)
          c.ok(
            sample && f.name && f.name in sample,
            `${where}: ${f.name} is not in ${hook.event}'s data.${hook.recordKey}`,
          );
      }
    } else {
      const comm = c.parse(
        Communication,
        files.communication && c.readJson(files.communication, where),
        `${where} communication`,
      );
      if (!c.ok(files.communication && comm, `${where}: has a communication`) || !comm) continue;
      answer = checkCall(c, where, comm, params, meta.moduleType);
    }
    if (answer) checkInterface(c, where, iface, samples, answer);
  }
}

/** The request of an action or a search against the route's contract; returns the shape of what it outputs. */
function checkCall(c: Checker, where: string, comm: Communication, params: Param[], type: string): Shape | undefined {
  const paths = c.imlRoots(comm, ['parameters', 'body', 'item', 'connection'], `${where} communication`);
  c.ok(comm.url.startsWith('/api/v1/'), `${where}: the URL ${comm.url} is not under /api/v1/ (of the base URL)`);
  const route = findRoute(comm.method, comm.url);
  if (!c.ok(route, `${where}: no CRM route ${comm.method} ${comm.url} in lib/api-contracts.ts`) || !route) return;

  const names = new Set(params.map((p) => p.name));
  const used = new Set(paths.filter((p) => p.root === 'parameters').map((p) => p.keys[0]));
  for (const u of used) c.ok(names.has(u), `${where}: {{parameters.${u}}} is not a parameter of the module`);
  for (const n of names) c.ok(used.has(n), `${where}: parameter ${n} is never sent`);

  checkFields(c, `${where} body`, comm.body, shapeOf(route.body), params, route, true);
  checkFields(c, `${where} query`, comm.qs, shapeOf(route.query), params, route, false);

  if (type === 'action') {
    c.ok(comm.response?.output === '{{body}}' && route.response, `${where}: an action outputs {{body}}, the record`);
    return shapeOf(route.response);
  }
  c.ok(
    comm.response?.iterate === '{{body.items}}' && comm.response.output === '{{item}}' && route.listItem,
    `${where}: a search iterates {{body.items}} of a list route and outputs {{item}}`,
  );
  c.ok(comm.response?.limit === '{{parameters.limit}}', `${where}: a search stops at {{parameters.limit}}`);
  return shapeOf(route.listItem);
}

/** Body or query: every key is a field of the contract, filled by a fitting parameter or a valid literal. */
function checkFields(
  c: Checker,
  where: string,
  value: unknown,
  shape: Shape,
  params: Param[],
  route: ApiRoute,
  isBody: boolean,
) {
  if (value === undefined) {
    c.ok(!isBody || !route.body, `${where}: ${route.method} ${route.path} takes a body`);
    return;
  }
  if (!c.ok(value && typeof value === 'object' && !Array.isArray(value), `${where}: an object of fields`)) return;
  const fields = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(fields)) {
    const field = shape[key];
    if (!c.ok(field, `${where}: ${key} is not a field of ${route.method} ${route.path} in the server's contract`))
      continue;
    const name = soleParameter(v);
    const param = params.find((p) => p.name === name);
    if (name && param) {
      c.ok(paramFits(param, field as z.ZodType), `${where}: parameter ${name} (${param.type}) cannot fill ${key}`);
      checkOptions(c, where, key, param, field as z.ZodType, route);
    } else if (!hasTemplate(v)) {
      c.ok(
        (field as z.ZodType).safeParse(v).success,
        `${where}: ${key} = ${JSON.stringify(v)} is refused by the contract`,
      );
    } else {
      c.ok(false, `${where}: ${key} must be {{parameters.<name>}} or a literal`);
    }
  }
  if (!isBody) return;
  for (const [key, field] of Object.entries(shape)) {
    if (!isRequired(field)) continue;
    const param = params.find((p) => p.name === soleParameter(fields[key]));
    c.ok(param?.required, `${where}: ${key} is required by the contract: send it from a required parameter`);
  }
}

/** A select over an enum field lists exactly the values of packages/contracts, in their order. */
function checkOptions(c: Checker, where: string, key: string, param: Param, field: z.ZodType, route: ApiRoute) {
  const values = enumValuesOf(field);
  if (!values) return;
  const domain = route.enums?.[key];
  c.ok(domain, `${where}: ${key} is an enum: name its domain constant in lib/api-contracts.ts`);
  c.ok(
    domain && JSON.stringify([...domain].sort()) === JSON.stringify([...values].sort()),
    `${where}: ${key}'s domain constant and the server's contract differ`,
  );
  const options = Array.isArray(param.options) ? param.options.map((o) => o.value) : [];
  c.ok(
    param.type === 'select' && JSON.stringify(options) === JSON.stringify(domain),
    `${where}: the options of ${param.name} must be ${JSON.stringify(domain)} (packages/contracts/src/domain.ts), are ${JSON.stringify(options)}`,
  );
}

function checkInterface(c: Checker, where: string, iface: Param[], samples: unknown, answer: Shape) {
  c.ok(iface.length > 0, `${where}: the interface lists the output`);
  for (const f of iface) {
    const field = f.name ? answer[f.name] : undefined;
    if (c.ok(field, `${where} interface: ${f.name} is not a field of the answer`) && field) {
      c.ok(interfaceFits(f, field), `${where} interface: ${f.name} is shown as ${f.type}, which it is not`);
    }
  }
  if (!c.ok(samples && typeof samples === 'object', `${where}: samples are an object`)) return;
  const keys = Object.keys(samples as object);
  for (const k of keys) c.ok(k in answer, `${where} samples: ${k} is not a field of the answer`);
  for (const f of iface) c.ok(f.name && keys.includes(f.name), `${where} samples: no sample for ${f.name}`);
}

export function checkRpcs(c: Checker, manifest: Manifest) {
  for (const [id, meta] of Object.entries(manifest.components.rpc)) {
    const where = `rpc ${id}`;
    c.ok(meta.connection && meta.connection in manifest.components.connection, `${where}: its connection exists`);
    if (meta.codeFiles.params) c.parse(NamedParams, c.readJson(meta.codeFiles.params, where), `${where} params`);
    const comm = c.parse(Communication, c.readJson(meta.codeFiles.communication, where), `${where} communication`);
    if (!comm) continue;
    const paths = c.imlRoots(comm, ['body', 'item'], `${where} communication`);
    const route = findRoute(comm.method, comm.url);
    if (!c.ok(route?.listItem, `${where}: ${comm.method} ${comm.url} is not a list route`) || !route) continue;
    checkFields(c, `${where} query`, comm.qs, shapeOf(route.query), [], route, false);
    const output = comm.response?.output as Record<string, unknown> | undefined;
    c.ok(comm.response?.iterate === '{{body.items}}', `${where}: iterates {{body.items}}`);
    c.ok(
      output?.value === '{{item.id}}' && typeof output.label === 'string',
      `${where}: outputs { label, value: {{item.id}} }`,
    );
    const item = shapeOf(route.listItem);
    for (const p of paths.filter((x) => x.root === 'item')) {
      c.ok(p.keys.length === 1 && (p.keys[0] as string) in item, `${where}: item.${p.keys.join('.')} is not a field`);
    }
  }
}
