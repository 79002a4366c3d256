import type { TestApp } from '../setup/test-app.js';
import type { SignedInUser } from './users.js';

/** A transfer as the API answers it (the fields tests use). */
export interface TransferBody {
  id: string;
  ticketId: string;
  eventId: string;
  fromUserId: string;
  fromName: string;
  toEmail: string;
  toUserId: string | null;
  message: string | null;
  status: string;
  expiresAt: string;
  newTicketId: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  ticketTypeName: string;
  event: { id: string; title: string; startsAt: string; endsAt: string };
  createdAt: string;
}

/** POST /transfers; returns the raw response. */
export function offerTransfer(
  t: TestApp,
  user: SignedInUser,
  body: { ticketId: string; toEmail: string; message?: string } & Record<string, unknown>,
  idempotencyKey?: string,
) {
  const req = t.http().post('/api/v1/transfers').set(user.auth);
  if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
  return req.send(body);
}

/** POST /transfers/{id}/<action>; returns the raw response. */
export function decideTransfer(t: TestApp, user: SignedInUser, id: string, action: 'accept' | 'reject' | 'cancel') {
  return t.http().post(`/api/v1/transfers/${id}/${action}`).set(user.auth).send();
}

/** GET /transfers with a query; returns the raw response. */
export function listTransfers(t: TestApp, user: SignedInUser, query: Record<string, string | number> = {}) {
  return t.http().get('/api/v1/transfers').query(query).set(user.auth);
}
