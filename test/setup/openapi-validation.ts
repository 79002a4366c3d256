import { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';
import type request from 'supertest';

/**
 * Validates every response an e2e test receives against the operation of the OpenAPI document the
 * server serves, so the document cannot drift from the server: the status must be declared (or
 * `default`), the Content-Type must be one the response declares (no body when it declares none),
 * a JSON body (`application/json`, `application/problem+json`) must match its schema, and every
 * declared header that is sent must match its schema (a `required` one must be sent). A request to
 * a path the document does not have is an error too, unless it is under `/api` and answered with
 * a `route_not_found`/`method_not_allowed` problem, or on a path the document is not about
 * ({@link UNDOCUMENTED_PATHS}, or a test's own `skipPaths`).
 */

type Response = request.Response;
type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }>; headers?: Record<string, Json> }>;
}

/** Paths the document deliberately does not describe: its own renderings, and everything outside `/api` it does not list. */
export const UNDOCUMENTED_PATHS: RegExp[] = [
  /^\/api\/v1\/(openapi\.(json|yaml)|docs(\/.*)?|redoc(\/.*)?)$/,
  /^(?!\/api(\/|$))/, // outside the API: the back-office, static files (a documented path such as /metrics is still validated)
];

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);
const JSON_TYPE = /^application\/(.+\+)?json$/;
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export class OpenApiResponseValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Literal templates first, then fewer parameters, so `/tickets/lookup` wins over `/tickets/{id}`. */
  private readonly templates: { template: string; pattern: RegExp; params: number }[];

  constructor(
    private readonly document: OpenAPIObject,
    private readonly skipPaths: RegExp[] = [],
  ) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    // A CommonJS module whose `exports.default` is `module.exports`: the function either way.
    const addFormats = (formats as unknown as { default?: typeof formats }).default ?? formats;
    (addFormats as unknown as (ajv: Ajv) => void)(this.ajv);
    // The OpenAPI 3.0 formats JSON Schema does not define.
    this.ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat('float', { type: 'number', validate: () => true });
    this.ajv.addFormat('double', { type: 'number', validate: () => true });
    this.ajv.addFormat('binary', () => true);
    this.ajv.addFormat('password', () => true);
    const copy = structuredClone(document) as unknown as Json;
    closeResponseObjects(copy);
    this.ajv.addSchema({ ...copy, $id: 'openapi.json' } as never);
    this.templates = Object.keys(document.paths)
      .map((template) => ({
        template,
        params: (template.match(/\{/g) ?? []).length,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** The reason `res` (to `method` `url`) breaks the document, or null. */
  check(method: string, url: string, res: Response): string | null {
    const path = new URL(url, 'http://localhost').pathname;
    const where = `${method.toUpperCase()} ${path} -> ${res.status}`;
    const lower = method.toLowerCase();
    if (lower === 'options') return null; // CORS preflights are not operations
    if (this.skipPaths.some((p) => p.test(path))) return null;
    const found = this.templates.find((t) => t.pattern.test(path));
    const item = found && (this.document.paths[found.template] as Record<string, Operation>);
    const operation = item?.[lower === 'head' ? 'get' : lower];
    if (!found || !operation || !METHODS.has(lower === 'head' ? 'get' : lower)) {
      if (UNDOCUMENTED_PATHS.some((p) => p.test(path))) return null;
      // The router's answer to a path or method the API does not have.
      const code = (this.jsonBody(res) as Json | undefined)?.code;
      const routerAnswer = (res.status === 404 && code === 'route_not_found') || (res.status === 405 && code === 'method_not_allowed');
      if (routerAnswer) return this.validateBody(where, res, 'openapi.json#/components/schemas/ProblemDetails');
      return `${where}: the OpenAPI document has no operation ${method.toUpperCase()} ${found?.template ?? path}`;
    }
    const template = found.template;
    const status = String(res.status);
    const key = operation.responses[status]
      ? status
      : operation.responses[`${status[0]}XX`]
        ? `${status[0]}XX`
        : operation.responses.default
          ? 'default'
          : null;
    if (!key) {
      return `${where}: status ${status} is not declared for ${method.toUpperCase()} ${template} (declared: ${Object.keys(operation.responses).join(', ')})\nbody: ${this.preview(res)}`;
    }
    const declared = operation.responses[key]!;
    const problems: string[] = [];
    problems.push(...this.checkHeaders(template, lower === 'head' ? 'get' : lower, key, declared.headers ?? {}, res));
    const contentType = String(res.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    const content = declared.content ?? {};
    const hasBody = lower !== 'head' && res.status !== 204 && res.status !== 304 && (contentType !== '' || Number(res.headers['content-length'] ?? 0) > 0);
    if (!hasBody) {
      if (Object.keys(content).length > 0 && lower !== 'head' && res.status !== 304)
        problems.push(`no body, but the response declares ${Object.keys(content).join(', ')}`);
    } else {
      const media = Object.keys(content).find(
        (type) => type === contentType || (type.endsWith('/*') && contentType.startsWith(type.slice(0, -1))) || type === '*/*',
      );
      if (!media) {
        problems.push(`Content-Type ${contentType || '(none)'} is not declared (declared: ${Object.keys(content).join(', ') || 'no body'})`);
      } else if (JSON_TYPE.test(contentType) && content[media]!.schema) {
        const ref = `openapi.json#/${pointer('paths', template, lower === 'head' ? 'get' : lower, 'responses', key, 'content', media, 'schema')}`;
        const bodyProblem = this.validateBody(where, res, ref);
        if (bodyProblem) return [bodyProblem, ...problems.map((p) => `${where}: ${p}`)].join('\n');
      }
    }
    return problems.length ? problems.map((p) => `${where}: ${p}`).join('\n') : null;
  }

  private checkHeaders(template: string, method: string, status: string, headers: Record<string, Json>, res: Response): string[] {
    const problems: string[] = [];
    for (const [name, declared] of Object.entries(headers)) {
      const header = '$ref' in declared ? this.resolve(declared.$ref as string) : declared;
      const value = res.headers[name.toLowerCase()] as string | undefined;
      if (value === undefined) {
        if (header.required) problems.push(`the required header ${name} is missing`);
        continue;
      }
      const schemaRef =
        '$ref' in declared
          ? `openapi.json${declared.$ref as string}/schema`
          : `openapi.json#/${pointer('paths', template, method, 'responses', status, 'headers', name, 'schema')}`;
      const schema = header.schema as Json | undefined;
      const parsed = schema && (schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
      const validate = this.validator(schemaRef);
      if (!validate(parsed)) problems.push(`header ${name}: ${JSON.stringify(value)} ${this.ajv.errorsText(validate.errors)}`);
    }
    return problems;
  }

  private validateBody(where: string, res: Response, ref: string): string | null {
    let body: unknown;
    try {
      body = this.jsonBody(res);
    } catch (e) {
      return `${where}: the body is not JSON (${(e as Error).message})`;
    }
    const validate = this.validator(ref);
    if (validate(body)) return null;
    return `${where}: the body does not match ${ref.replace(/^openapi\.json#/, '#')}:\n${this.describe(validate.errors ?? [])}\nbody: ${this.preview(res)}`;
  }

  private jsonBody(res: Response): unknown {
    const body: unknown = res.body;
    if (Buffer.isBuffer(body)) return JSON.parse(body.toString('utf8'));
    if (typeof body === 'string') return JSON.parse(body);
    if (body && typeof body === 'object' && Object.keys(body).length === 0 && res.text) return JSON.parse(res.text);
    return body;
  }

  private validator(ref: string): ValidateFunction {
    const cached = this.compiled.get(ref);
    if (cached) return cached;
    const validate = this.ajv.compile({ $ref: ref });
    this.compiled.set(ref, validate);
    return validate;
  }

  private resolve(ref: string): Json {
    return ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<Json>((node, part) => node[part.replace(/~1/g, '/').replace(/~0/g, '~')] as Json, this.document as unknown as Json);
  }

  private describe(errors: ErrorObject[]): string {
    return errors
      .map((e) => `  ${e.instancePath || '(root)'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`)
      .join('\n');
  }

  private preview(res: Response): string {
    const text = Buffer.isBuffer(res.body) ? '(binary)' : (res.text ?? JSON.stringify(res.body));
    return (text ?? '').length > 1500 ? `${text.slice(0, 1500)}...` : text;
  }
}

/**
 * A response may carry only the members its schema names: every object schema of a response with
 * `properties` and no `additionalProperties` is closed here (in the validator's copy), so a field
 * the server sends and the document does not describe is drift too. An `allOf` is closed as a
 * whole, over the members of all its branches (its branches, and components used as branches, stay
 * open: each alone names only part of the members).
 */
function closeResponseObjects(document: Json): void {
  const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  const target = (schema: Json): Json => (typeof schema.$ref === 'string' ? (schemas[schema.$ref.split('/').pop()!] ?? {}) : schema);
  const branches = new Set<Json>();
  const seen = new Set<Json>();
  const collect = (schema: unknown): void => {
    if (!schema || typeof schema !== 'object' || seen.has(schema as Json)) return;
    seen.add(schema as Json);
    const node = schema as Json;
    for (const branch of (node.allOf as Json[] | undefined) ?? []) branches.add(target(branch));
    for (const value of Object.values(node)) collect(value);
  };
  collect(document);
  const names = (schema: Json, depth = 0): string[] =>
    depth > 10
      ? []
      : [
          ...Object.keys((target(schema).properties as Json | undefined) ?? {}),
          ...((target(schema).allOf as Json[] | undefined) ?? []).flatMap((b) => names(b, depth + 1)),
        ];
  const closed = new Set<Json>();
  const close = (schema: unknown): void => {
    if (!schema || typeof schema !== 'object' || closed.has(schema as Json)) return;
    closed.add(schema as Json);
    const node = schema as Json;
    if (typeof node.$ref === 'string') return close(target(node));
    if (node.additionalProperties === undefined && !branches.has(node)) {
      if (Array.isArray(node.allOf)) {
        node.properties = { ...Object.fromEntries(names(node).map((name) => [name, {}])), ...((node.properties as Json | undefined) ?? {}) };
        node.additionalProperties = false;
      } else if (node.properties) node.additionalProperties = false;
    }
    for (const child of [
      ...Object.values((node.properties as Json | undefined) ?? {}),
      node.items,
      node.additionalProperties,
      ...((node.allOf as Json[] | undefined) ?? []),
      ...((node.anyOf as Json[] | undefined) ?? []),
      ...((node.oneOf as Json[] | undefined) ?? []),
    ])
      close(child);
  };
  for (const item of Object.values((document.paths as Record<string, Json>) ?? {})) {
    for (const operation of Object.values(item) as Json[]) {
      for (const response of Object.values((operation?.responses as Record<string, Json> | undefined) ?? {})) {
        for (const media of Object.values((response.content as Record<string, Json> | undefined) ?? {})) close(media.schema);
      }
    }
  }
}

/** Wraps a supertest client so each response is checked with `validator` before the test's own assertions. */
export function validatingClient(client: ReturnType<typeof request>, validator: () => OpenApiResponseValidator): ReturnType<typeof request> {
  return new Proxy(client, {
    get(target, property, receiver) {
      const original = Reflect.get(target, property, receiver) as unknown;
      if (typeof original !== 'function' || typeof property !== 'string') return original;
      return (url: string, ...rest: unknown[]) => {
        const test = (original as (...args: unknown[]) => request.Test).call(target, url, ...rest);
        const end = test.end.bind(test);
        let wrapped = false;
        test.end = (fn?: (err: unknown, res: Response) => void) => {
          if (wrapped) return end(fn as never);
          wrapped = true;
          return end(((err: unknown, res: Response) => {
            const problem = res ? validator().check(property === 'del' ? 'delete' : property, url, res) : null;
            if (!problem) return fn?.(err, res);
            const error = new Error(
              `The response breaks the OpenAPI document:\n${problem}${err ? `\n(and the test's own assertion: ${(err as Error).message})` : ''}`,
            );
            return fn?.(error, res);
          }) as never);
        };
        return test;
      };
    },
  });
}
