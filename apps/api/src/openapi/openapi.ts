import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Response as ExpressResponse } from 'express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { HeaderObject, OperationObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { AUTH_MODE_EXTENSION } from '../http/authorization.js';
import { isProblemCode, PROBLEM_CODES, ProblemCode } from '../http/problem-codes.js';
import { PROBLEM_CONTENT_TYPE, statusTitle } from '../http/problem-details.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every tag an operation may carry, with its description (Redocly and Spectral require both). */
const TAGS: Record<string, string> = {
  health: 'Liveness, readiness and Prometheus metrics.',
  problems: 'What each problem `code` means: the pages problem `type` URLs point to.',
  auth: 'Sign-up, sign-in, token refresh, e-mail verification and passwords.',
  users: 'Accounts and roles (admins).',
  audit: 'The audit trail of security-relevant actions (admins).',
  events: 'Events, their ticket types, payment QR codes, attendees and statistics.',
  bookings: 'Bookings that hold seats until paid and never oversell.',
  'box-office': 'Selling and giving away tickets at the door or by phone (admins).',
  payments: 'Paying bookings: Paystack checkout and webhooks, manual transfers with a proof, staff review.',
  tickets: 'Tickets issued for paid bookings, with their signed QR codes.',
  'check-ins': 'Scanning tickets at the gate (entry and exit), online and in offline batches, and the offline check-in feed.',
  'scanner-devices': 'Gate credentials for one event, paired to a phone by a one-time code; a device token calls only its event’s check-in routes.',
  refunds: 'Refund requests and their review.',
  transfers: 'Handing a ticket to someone else.',
  messages: 'E-mails the service sent or will send (staff).',
  stats: 'Figures for the back-office dashboard: totals across events (staff).',
  settings: "The organisation's settings: name, support address, logo, defaults and manual-payment instructions.",
};

/** Operation ids that read better in an SDK than the `<verb><Entity>` the factory derives. */
const OPERATION_IDS: Record<string, string> = {
  'Health.live': 'getLiveness',
  'Settings.get': 'getSettings',
  'Settings.update': 'updateSettings',
  'Health.ready': 'getReadiness',
  'Metrics.scrape': 'getMetrics',
  'Auth.register': 'register',
  'Auth.login': 'login',
  'Auth.refresh': 'refreshSession',
  'Auth.logout': 'logout',
  'Auth.me': 'getCurrentUser',
  'Audit.list': 'listAuditLogs',
  'Events.stats': 'getEventStats',
  'Events.paymentQr': 'getPaymentQr',
  'Events.sales': 'getEventSales',
  'Stats.overview': 'getStatsOverview',
  'Attendees.list': 'listEventAttendees',
  'Tickets.qr': 'getTicketQr',
  'CheckIns.scan': 'scanTicket',
  'CheckIns.verify': 'verifyTicket',
  'CheckIns.batch': 'scanTicketBatch',
  'CheckIns.log': 'listCheckIns',
  'CheckIns.attendance': 'getAttendance',
  'CheckIns.keys': 'listCheckInKeys',
  'Payments.uploadProof': 'uploadPaymentProof',
  'Payments.proof': 'getPaymentProof',
  'Payments.paystackWebhook': 'receivePaystackWebhook',
  'Refunds.create': 'requestRefund',
  'BoxOffice.create': 'createBoxOfficeSale',
};

const singular = (name: string) => name.replace(/ies$/, 'y').replace(/s$/, '');

/**
 * `listEvents`, `createBooking`, `approvePayment`: `list` + the controller's plural, another
 * one-word method + its singular, a method that names its object already (`listTicketTypes`) as
 * it is; {@link OPERATION_IDS} overrides.
 */
export function operationId(controllerKey: string, methodKey: string): string {
  const entity = controllerKey.replace(/Controller$/, '');
  const override = OPERATION_IDS[`${entity}.${methodKey}`];
  if (override) return override;
  if (/[A-Z]/.test(methodKey)) return methodKey;
  return methodKey === 'list' ? `list${entity}` : `${methodKey}${singular(entity)}`;
}

const HEADERS: Record<string, HeaderObject> = {
  'X-Request-Id': {
    description: 'The request id: the client\'s well-formed `X-Request-Id` (1-128 of `A-Za-z0-9._:-`) or a new UUID; also `requestId` in problems.',
    required: true,
    schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' },
  },
  'Retry-After': { description: 'Seconds to wait before retrying (RFC 9110 section 10.2.3).', schema: { type: 'integer', minimum: 1 } },
  'X-RateLimit-Limit': { description: 'Requests allowed per window for this client (when rate limits are on).', schema: { type: 'integer', minimum: 0 } },
  'X-RateLimit-Remaining': { description: 'Requests left in the current window.', schema: { type: 'integer', minimum: 0 } },
  'X-RateLimit-Reset': { description: 'Seconds until the window resets.', schema: { type: 'integer', minimum: 0 } },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored response of an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  },
};
const headerRef = (name: string): ReferenceObject => ({ $ref: `#/components/headers/${name}` });

/** Codes any operation may answer, by status, whatever it declares. */
const ALWAYS: Record<string, ProblemCode[]> = { '429': ['rate_limited'], '500': ['internal_error'], '503': ['busy', 'database_unavailable'] };
/** Codes of a JSON request body that body-parser refuses before the route runs. */
const BODY_CODES: Record<string, ProblemCode[]> = {
  '400': ['malformed_json', 'request_aborted'],
  '413': ['payload_too_large'],
  '415': ['unsupported_encoding', 'unsupported_charset'],
};
const TOKEN_CODES: ProblemCode[] = ['unauthorized', 'token_expired', 'invalid_token'];

/**
 * The OpenAPI 3 document of the API, from the Swagger decorators, then made exact in one place so
 * routes added later get the same treatment: `security` from `@Public()`/`@OptionalAuth()`/
 * `@Authorized()`, schema names without `Dto`, named page types (`EventPage`), closed request
 * bodies, every problem response typed with its `code` enum (codes named in backticks in the
 * response description, plus those any such operation can answer) and the extension members of
 * its codes, and the response headers (X-Request-Id, rate limits, Retry-After, Idempotent-Replayed).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Ticketing API')
    .setDescription(
      'Events, ticket types, bookings that hold seats and never oversell, payments, QR tickets, check-in, refunds and transfers.\n\n' +
        'Errors are RFC 9457 `application/problem+json` with a stable `code`; each operation lists the codes it can answer, and ' +
        'the problem `type` is a URL of a page that explains the code (`/api/v1/problems/{code}`). Money is integer minor units with an ISO 4217 currency. ' +
        'Timestamps are ISO 8601 UTC; date-time inputs are RFC 3339 with `Z` or a numeric offset. Lists take `limit` and `cursor` and answer `{data, nextCursor}`.\n\n' +
        'This document is served at `/api/v1/openapi.json` (and `.yaml`), rendered by Swagger UI at `/api/v1/docs` and by ReDoc at `/api/v1/redoc`.',
    )
    .setVersion('1.0.0')
    .addServer('/', 'The origin serving this document.')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from `POST /api/v1/auth/login`.' }, 'bearer')
    .addSecurity('metricsToken', { type: 'http', scheme: 'bearer', description: 'The METRICS_TOKEN of the deployment (GET /metrics only), not a user token.' });
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), { operationIdFactory: operationId });
  return refine(document);
}

function refine(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {});
  components.headers = { ...HEADERS, ...components.headers };
  const declaredTags = new Set((document.tags ?? []).map((tag) => tag.name));
  const mistakes: string[] = [];

  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      for (const tag of operation.tags ?? []) {
        if (declaredTags.has(tag)) continue;
        (document.tags ??= []).push({ name: tag }); // the lint then asks for its description
        declaredTags.add(tag);
      }
      setSecurity(operation);
      typeIdParameters(operation);
      hoistPage(operation, schemas);
      typeProblems(operation, `${method.toUpperCase()} ${path}`, mistakes);
      addHeaders(operation);
    }
  }
  // Keep-alive aliases served outside Nest's router (see serveOutsideApi in app.ts): the liveness operation again.
  const liveness = document.paths['/api/v1/health']?.get;
  if (liveness) {
    for (const [path, id] of [['/health', 'getLivenessAtRoot'], ['/ping', 'ping']] as const) {
      document.paths[path] = { get: { ...liveness, operationId: id, summary: `${liveness.summary} (keep-alive alias, no prefix)` } };
    }
  }
  if (mistakes.length) throw new Error(`The OpenAPI document is not exact:\n${mistakes.join('\n')}`);
  closeRequestBodies(document);
  nullableReferences(document);
  return renameSchemas(document);
}

function setSecurity(operation: OperationObject): void {
  const record = operation as unknown as Record<string, unknown>;
  const mode = record[AUTH_MODE_EXTENSION];
  delete record[AUTH_MODE_EXTENSION];
  if (mode === 'public') operation.security ??= [];
  else if (mode === 'optional') operation.security = [{}, ...(operation.security ?? []).filter((s) => Object.keys(s).length > 0)];
  else operation.security ??= [{ bearer: [] }]; // the global guard's default: a signed-in user
}

/** `{ data: Item[], nextCursor }` inline in a 200 becomes the component `ItemPage`. */
function hoistPage(operation: OperationObject, schemas: Record<string, SchemaObject | ReferenceObject>): void {
  const json = (operation.responses['200'] as ResponseObject | undefined)?.content?.['application/json'];
  const schema = json?.schema as SchemaObject | undefined;
  const items = (schema?.properties?.data as SchemaObject | undefined)?.items as ReferenceObject | undefined;
  if (!json || !schema?.properties?.nextCursor || !items?.$ref) return;
  const name = `${schemaName(items.$ref.split('/').pop()!)}Page`;
  schemas[name] = { ...schema, description: 'One page of a list; pass `nextCursor` as `cursor` for the next.' };
  json.schema = { $ref: `#/components/schemas/${name}` };
}

function typeProblems(operation: OperationObject, where: string, mistakes: string[]): void {
  const hasJsonBody = Boolean((operation.requestBody as { content?: Record<string, unknown> } | undefined)?.content?.['application/json']);
  const hasInput = hasJsonBody || Boolean(operation.requestBody) || Boolean(operation.parameters?.length);
  const security = operation.security ?? [];
  const usesToken = security.some((s) => 'bearer' in s);
  const optionalToken = usesToken && security.some((s) => Object.keys(s).length === 0);
  const extra: Record<string, ProblemCode[]> = {};
  const add = (status: string, codes: ProblemCode[]) => (extra[status] = [...(extra[status] ?? []), ...codes]);
  for (const [status, codes] of Object.entries(ALWAYS)) add(status, codes);
  if (hasJsonBody) for (const [status, codes] of Object.entries(BODY_CODES)) add(status, codes);
  if (hasInput) add('400', ['validation_failed']);
  if (usesToken) add('401', optionalToken ? ['token_expired', 'invalid_token'] : TOKEN_CODES);
  const idempotent = operation.parameters?.some((p) => 'name' in p && p.name === 'Idempotency-Key');
  if (idempotent) {
    add('409', ['idempotency_key_in_progress']);
    add('422', ['idempotency_key_reused']);
  }

  for (const status of Object.keys(extra)) {
    operation.responses[status] ??= { description: '' };
  }
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) < 400 || !response || '$ref' in response) continue;
    const described = [...(response.description ?? '').matchAll(/`([a-z][a-z0-9_]*)`/g)].map((m) => m[1]!).filter(isProblemCode);
    const codes = [...new Set([...described, ...(extra[status] ?? [])])].sort();
    for (const code of codes) {
      if (PROBLEM_CODES[code].status !== Number(status)) mistakes.push(`${where} lists \`${code}\` under ${status}, but it is a ${PROBLEM_CODES[code].status}`);
    }
    if (codes.length === 0) mistakes.push(`${where} answers ${status} without naming its problem codes (in backticks in the description)`);
    if (!response.description) response.description = `${statusTitle(Number(status))} (${codes.map((c) => `\`${c}\``).join(', ')}).`;
    const properties: Record<string, SchemaObject> = { code: { type: 'string', enum: codes } };
    for (const code of codes) {
      for (const [name, schema] of Object.entries((PROBLEM_CODES[code] as { extra?: Record<string, SchemaObject> }).extra ?? {})) {
        // Two codes of one status may give a member different schemas: either is allowed.
        const before = properties[name];
        if (!before || JSON.stringify(before) === JSON.stringify(schema)) properties[name] = schema;
        else properties[name] = { anyOf: [...(before.anyOf ?? [before]), schema] };
      }
    }
    response.content = {
      [PROBLEM_CONTENT_TYPE]: { schema: { allOf: [{ $ref: '#/components/schemas/ProblemDetailsDto' }, { type: 'object', properties }] } },
    };
  }
}

function addHeaders(operation: OperationObject): void {
  const idempotent = operation.parameters?.some((p) => 'name' in p && p.name === 'Idempotency-Key');
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!response || '$ref' in response) continue;
    const headers: Record<string, ReferenceObject> = { 'X-Request-Id': headerRef('X-Request-Id') };
    if (Number(status) < 300 || status === '429') {
      for (const name of ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']) headers[name] = headerRef(name);
    }
    const schema = JSON.stringify(response.content?.[PROBLEM_CONTENT_TYPE]?.schema ?? {});
    if (status === '429' || status === '503' || schema.includes('"idempotency_key_in_progress"')) headers['Retry-After'] = headerRef('Retry-After');
    if (idempotent) headers['Idempotent-Replayed'] = headerRef('Idempotent-Replayed');
    response.headers = { ...headers, ...response.headers };
  }
}

/** Every `{id}` and `{...Id}` path parameter goes through UuidParamPipe (a malformed one is a 400). */
function typeIdParameters(operation: OperationObject): void {
  for (const parameter of operation.parameters ?? []) {
    if ('$ref' in parameter || parameter.in !== 'path' || !/^(id|[a-z]+Id)$/.test(parameter.name)) continue;
    const schema = parameter.schema as SchemaObject | undefined;
    if (schema && !('$ref' in schema) && schema.type === 'string') schema.format ??= 'uuid';
  }
}

/**
 * `@ApiProperty({ type: SomeDto, nullable: true })` comes out as `{ nullable, allOf: [$ref] }`,
 * which in OpenAPI 3.0 does not admit null (`nullable` only widens a `type` in the same schema,
 * the `allOf` still demands an object). It becomes `anyOf: [$ref, null]`.
 */
function nullableReferences(document: OpenAPIObject): void {
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const schema = node as SchemaObject;
    if (schema.nullable === true && schema.allOf?.length === 1 && '$ref' in schema.allOf[0]! && !schema.properties) {
      const { allOf, nullable: _nullable, type: _type, ...rest } = schema;
      for (const key of Object.keys(schema)) delete (schema as Record<string, unknown>)[key];
      Object.assign(schema, rest, { anyOf: [allOf[0], { type: 'object', nullable: true, enum: [null] }] });
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(document.components?.schemas);
  visit(document.paths);
}

/** Request bodies are closed (`additionalProperties: false`): the server refuses unknown fields. */
function closeRequestBodies(document: OpenAPIObject): void {
  const schemas = document.components!.schemas!;
  const seen = new Set<unknown>();
  const close = (schema: SchemaObject | ReferenceObject | undefined): void => {
    if (!schema || seen.has(schema)) return;
    seen.add(schema);
    if ('$ref' in schema) return close(schemas[schema.$ref.split('/').pop()!]);
    if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
    for (const child of [...Object.values(schema.properties ?? {}), schema.items, ...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
      close(child as SchemaObject | ReferenceObject | undefined);
    }
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const body = item[method]?.requestBody;
      if (body && !('$ref' in body)) for (const media of Object.values(body.content)) close(media.schema);
    }
  }
}

/** `EventResponseDto` -> `Event`, `CreateEventRequestDto` -> `CreateEventRequest`, `FieldErrorDto` -> `FieldError`. */
export function schemaName(className: string): string {
  return className.replace(/ResponseDto$/, '').replace(/Dto$/, '') || className;
}

function renameSchemas(document: OpenAPIObject): OpenAPIObject {
  const names = Object.keys(document.components!.schemas!);
  const renamed = new Map(names.map((name) => [name, schemaName(name)]));
  const targets = [...renamed.values()];
  const clash = targets.find((name, i) => targets.indexOf(name) !== i);
  if (clash) throw new Error(`OpenAPI: two schemas would be named ${clash}`);
  const json = JSON.stringify(document, (key, value: unknown) => {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      const name = value.slice('#/components/schemas/'.length);
      return `#/components/schemas/${renamed.get(name) ?? name}`;
    }
    if (key === 'schemas' && value && typeof value === 'object' && value === document.components?.schemas) {
      return Object.fromEntries(Object.entries(value).map(([name, schema]) => [renamed.get(name) ?? name, schema]));
    }
    return value;
  });
  return JSON.parse(json) as OpenAPIObject;
}

let redocBundle: string | undefined;

/**
 * ReDoc's standalone bundle in node_modules (never a CDN), resolved on first use from the entry
 * script (`dist/apps/api/src/main.js`, or jest's), so the working directory does not matter.
 */
function redocBundlePath(): string {
  return (redocBundle ??= createRequire(resolve(process.argv[1] ?? 'index.js')).resolve('redoc/bundles/redoc.standalone.js'));
}

/**
 * ReDoc's page: the bundle from this server and the document's URL, no inline script. ReDoc
 * injects its styles and runs its search index in a `blob:` worker, so its CSP allows those.
 */
const REDOC_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Ticketing API (ReDoc)</title><style>body{margin:0}</style></head>
<body><redoc spec-url="/api/v1/openapi.json"></redoc><script src="/api/v1/redoc/redoc.standalone.js"></script></body></html>`;
const REDOC_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

const servedDocuments = new WeakMap<INestApplication, () => OpenAPIObject>();

/** The document `app` serves (built on first use, then kept), or undefined when {@link setupOpenApi} did not set it up. */
export function servedOpenApiDocument(app: INestApplication): OpenAPIObject | undefined {
  return servedDocuments.get(app)?.();
}

/**
 * Serves the document at `/api/v1/openapi.json` (and `.yaml`), Swagger UI at `/api/v1/docs` and
 * ReDoc at `/api/v1/redoc`. The document is built on its first request, not at start: building it
 * is about half of the CPU a replica spends starting (about 150 ms here), for a document most
 * processes never serve. The OpenAPI e2e test requests it on every CI run (and compares it with
 * the committed openapi/openapi.json), so a mistake {@link buildOpenApiDocument} refuses cannot
 * reach a release.
 */
export function setupOpenApi(app: INestApplication): void {
  let document: OpenAPIObject | undefined;
  const served = () => (document ??= buildOpenApiDocument(app));
  servedDocuments.set(app, served);
  SwaggerModule.setup('api/v1/docs', app, served, {
    useGlobalPrefix: false,
    jsonDocumentUrl: 'api/v1/openapi.json',
    yamlDocumentUrl: 'api/v1/openapi.yaml',
    customSiteTitle: 'Ticketing API',
  });
  const http = app.getHttpAdapter();
  http.get('/api/v1/redoc', (_req: unknown, res: ExpressResponse) => {
    res.set({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': REDOC_CSP, 'Cache-Control': 'no-cache' }).send(REDOC_PAGE);
  });
  http.get('/api/v1/redoc/redoc.standalone.js', (_req: unknown, res: ExpressResponse) => {
    res.set('Cache-Control', 'public, max-age=86400').sendFile(redocBundlePath());
  });
}
