import { AsyncLocalStorage } from 'node:async_hooks';

/** Facts about the HTTP request being served, for the audit trail and logs. */
export interface RequestContext {
  requestId: string;
  ip?: string;
  userAgent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `context` as the current request context (set once per request by middleware). */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The current request's context, or undefined outside a request (jobs, CLI). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
