import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, statusTitle } from '../http/problem-details.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * The OpenAPI 3 document of the API. Every operation also documents `429` and `500` as
 * problem+json, and every operation id is `<Controller>_<method>` (stable for SDK generators).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Ticketing API')
    .setDescription(
      'Events, ticket types, bookings that hold seats and never oversell, payments, QR tickets, check-in, refunds and transfers.\n\n' +
        'Errors are RFC 9457 `application/problem+json` with a stable `code`. Money is integer minor units with an ISO 4217 currency. ' +
        'Timestamps are ISO 8601 UTC; date-time inputs are RFC 3339 with `Z` or a numeric offset. Lists take `limit` and `cursor` and answer `{data, nextCursor}`.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurity('metricsToken', { type: 'http', scheme: 'bearer', description: 'The METRICS_TOKEN of the deployment (GET /metrics only), not a user token.' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (!operation) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (response && 'description' in response && !response.description) response.description = statusTitle(Number(status));
      }
      for (const [status, description] of [['429', 'Rate limit exceeded (`rate_limited`); see Retry-After.'], ['500', 'Unexpected error (`internal_error`).']]) {
        operation.responses[status!] ??= {
          description: description!,
          content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
        };
      }
    }
  }
  // Keep-alive aliases served outside Nest's router (see serveOutsideApi): the same operation as /api/v1/health.
  const liveness = document.paths['/api/v1/health']?.get;
  if (liveness) {
    for (const [path, operationId] of [['/health', 'Health_liveAlias'], ['/ping', 'Health_ping']] as const) {
      document.paths[path] = { get: { ...liveness, operationId, summary: `${liveness.summary} (keep-alive alias, no prefix)` } };
    }
  }
  return document;
}

/** Serves the document at `/api/v1/openapi.json` and Swagger UI at `/api/v1/docs`. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/v1/docs', app, buildOpenApiDocument(app), {
    useGlobalPrefix: false,
    jsonDocumentUrl: 'api/v1/openapi.json',
    yamlDocumentUrl: 'api/v1/openapi.yaml',
    customSiteTitle: 'Ticketing API',
  });
}
