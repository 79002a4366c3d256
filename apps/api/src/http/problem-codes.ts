import type { SchemaObject } from '@nestjs/swagger';

/** One problem `code`: its HTTP status, a one-line meaning, and the schemas of its extension members. */
export interface ProblemCodeInfo {
  status: number;
  summary: string;
  /** Extension members this problem adds to the RFC 9457 ones (e.g. `available` on `sold_out`). */
  extra?: Record<string, SchemaObject>;
}

/**
 * Every problem `code` this API sends: the ONE list that the problem-details filter draws its
 * HTTP-layer codes from, that the OpenAPI document turns into each operation's `code` enum, and
 * that `GET /api/v1/problems/{code}` describes (the page the problem `type` URL points to). Add a
 * code here with each new DomainError: the e2e response validation fails on an unlisted one.
 */
export const PROBLEM_CODES = {
  // Generic, from the HTTP layer (Nest exceptions, body-parser, the router).
  bad_request: { status: 400, summary: 'The request could not be understood.' },
  validation_failed: {
    status: 400,
    summary: 'Some input is invalid; `errors` lists every bad field with its message.',
  },
  malformed_json: { status: 400, summary: 'The request body is not valid JSON.' },
  request_aborted: { status: 400, summary: 'The client aborted the request before its body arrived.' },
  invalid_file_key: { status: 400, summary: 'The file key is not valid.' },
  unauthorized: { status: 401, summary: 'Sign in first: send `Authorization: Bearer <access token>`.' },
  token_expired: { status: 401, summary: 'The access token has expired; refresh it.' },
  invalid_token: { status: 401, summary: 'The access token is not valid (bad signature, wrong audience, revoked user).' },
  forbidden: { status: 403, summary: 'Signed in, but without a role that may do this.' },
  cross_site_request: { status: 403, summary: 'A browser sent the session cookie from another site; it is accepted from this origin only.' },
  not_found: { status: 404, summary: 'Not found.' },
  route_not_found: { status: 404, summary: 'No route has this method and path.' },
  method_not_allowed: { status: 405, summary: 'The method is not allowed here.' },
  not_acceptable: { status: 406, summary: 'No representation matches the Accept header.' },
  conflict: { status: 409, summary: 'The request conflicts with the current state.' },
  payload_too_large: { status: 413, summary: 'The request body is larger than the service accepts.' },
  unsupported_media_type: { status: 415, summary: 'The Content-Type of the body is not supported.' },
  unsupported_encoding: { status: 415, summary: 'The Content-Encoding of the body is not supported.' },
  unsupported_charset: { status: 415, summary: 'The charset of the body is not supported.' },
  unprocessable_entity: { status: 422, summary: 'The request is well-formed but cannot be processed.' },
  rate_limited: { status: 429, summary: 'Too many requests from this client; retry after `Retry-After` seconds.' },
  internal_error: { status: 500, summary: 'An unexpected error; it has been logged under the request id.' },
  service_unavailable: { status: 503, summary: 'The service is temporarily unavailable; retry later.' },
  busy: { status: 503, summary: 'The database is busy; retry after `Retry-After` seconds.' },
  database_unavailable: {
    status: 503,
    summary: 'The database cannot be reached right now (restarting, overloaded or cut off); retry after `Retry-After` seconds.',
  },
  not_ready: {
    status: 503,
    summary: 'A dependency is down; `checks` names each one and its state.',
    extra: {
      checks: {
        type: 'object',
        additionalProperties: { type: 'string', enum: ['up', 'down'] },
        example: { database: 'down' },
        description: 'Each dependency (`database`, `redis` when configured) and its state.',
      },
    },
  },
  shutting_down: { status: 503, summary: 'This server is shutting down and takes no new work; another replica (or this one, restarted) will.' },
  transfer_offer_limited: {
    status: 429,
    summary:
      'Too many transfer offers by you (per hour) or to this address (per day), or right after you cancelled one to it; retry after `Retry-After` seconds.',
    extra: { limit: { type: 'string', enum: ['sender', 'recipient', 'cooldown'], description: 'Which limit was reached.' } },
  },
  // Idempotency-Key.
  idempotency_key_in_progress: { status: 409, summary: 'A request with this Idempotency-Key is still running; retry after `Retry-After`.' },
  idempotency_key_reused: { status: 422, summary: 'This Idempotency-Key was used for a different request.' },
  // Accounts.
  email_taken: { status: 409, summary: 'An account with this e-mail address exists.' },
  invalid_credentials: { status: 401, summary: 'Wrong e-mail or password.' },
  invalid_refresh_token: { status: 401, summary: 'The refresh token is unknown, expired or revoked.' },
  refresh_token_reused: { status: 401, summary: 'A rotated refresh token was used again; the whole session family is revoked.' },
  invalid_verification_token: { status: 400, summary: 'The e-mail verification token is unknown, used or expired.' },
  invalid_reset_token: { status: 400, summary: 'The password reset token is malformed, expired, already used, or for an address the account no longer has.' },
  email_already_verified: { status: 409, summary: 'The e-mail address is verified already.' },
  email_not_verified: { status: 403, summary: 'Verify your e-mail address first.' },
  current_password_incorrect: { status: 400, summary: 'The current password is wrong.' },
  user_not_found: { status: 404, summary: 'No such user.' },
  last_admin: { status: 409, summary: 'The last enabled admin cannot lose the role or be disabled.' },
  // Events and ticket types.
  event_not_found: { status: 404, summary: 'No such event, or not visible to you.' },
  ticket_type_not_found: { status: 404, summary: 'No such ticket type on this event.' },
  capacity_below_sold: {
    status: 409,
    summary: 'The capacity or quantity would be below what is sold or held; `minimum` is the lowest it may be.',
    extra: {
      minimum: { type: 'integer', minimum: 0, example: 12, description: '`sold + held`: the lowest capacity or quantity allowed now.' },
      sold: { type: 'integer', minimum: 0, example: 10 },
      held: { type: 'integer', minimum: 0, example: 2 },
    },
  },
  invalid_event_state: {
    status: 409,
    summary: 'The event is not in a state that allows this; `eventStatus` is its state.',
    extra: { eventStatus: { $ref: '#/components/schemas/EventStatus' } as SchemaObject },
  },
  event_has_bookings: { status: 409, summary: 'The event has bookings; cancel it instead.' },
  no_ticket_types: { status: 409, summary: 'An event needs at least one ticket type to be published.' },
  ticket_type_name_taken: { status: 409, summary: 'The event has a ticket type with this name.' },
  event_cancelled: { status: 409, summary: 'The event is cancelled.' },
  event_already_started: {
    status: 409,
    summary: 'The event has started; `startsAt` says when.',
    extra: { startsAt: { type: 'string', format: 'date-time', description: 'When the event started (UTC).' } },
  },
  // Files.
  unsupported_file_type: {
    status: 400,
    summary: 'The file is not of an accepted type (judged by its content); `allowedTypes` lists those accepted.',
    extra: { allowedTypes: { type: 'array', items: { type: 'string' }, example: ['image/png', 'application/pdf'] } },
  },
  file_too_large: {
    status: 413,
    summary: 'The file is larger than `maxBytes`.',
    extra: { maxBytes: { type: 'integer', minimum: 1, example: 5_242_880, description: 'The largest accepted file, in bytes.' } },
  },
  file_storage_unavailable: { status: 503, summary: 'The file storage does not answer; retry later.' },
  // Bookings.
  sold_out: {
    status: 409,
    summary: 'Not enough seats left; `available` says how many are.',
    extra: {
      available: {
        type: 'object',
        description: 'Seats still available when the booking was refused: at the event level, and for each ticket type it asked for.',
        required: ['event', 'ticketTypes'],
        properties: {
          event: { type: 'integer', minimum: 0, example: 9, description: 'Seats left at the event level.' },
          ticketTypes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['ticketTypeId', 'available'],
              properties: { ticketTypeId: { type: 'string', format: 'uuid' }, available: { type: 'integer', minimum: 0, example: 2 } },
            },
          },
        },
      },
    },
  },
  buyer_limit_reached: {
    status: 409,
    summary: "The booking would take the buyer past the event's `maxPerBuyer`; nothing was held.",
    extra: {
      maxPerBuyer: { type: 'integer', minimum: 1, example: 10, description: "The event's limit per buyer." },
      remaining: { type: 'integer', minimum: 0, example: 2, description: 'Seats this buyer may still take for the event.' },
    },
  },
  event_not_on_sale: { status: 409, summary: 'The event is not on sale.' },
  ticket_type_not_on_sale: {
    status: 409,
    summary: 'The ticket type is outside its sales window; `ticketTypeId` names it.',
    extra: { ticketTypeId: { type: 'string', format: 'uuid' } },
  },
  booking_not_found: { status: 404, summary: 'No such booking, or not yours.' },
  invalid_booking_state: {
    status: 409,
    summary: 'The booking is not in a state that allows this; `bookingStatus` is its state.',
    extra: { bookingStatus: { $ref: '#/components/schemas/BookingStatus' } as SchemaObject },
  },
  tickets_resend_limited: { status: 429, summary: 'This booking’s tickets were sent again less than a minute ago; retry after `Retry-After` seconds.' },
  no_valid_tickets: { status: 409, summary: 'The booking holds no valid ticket to send (all checked in, refunded, cancelled or transferred).' },
  booking_not_payable: { status: 409, summary: 'The booking cannot be paid (not pending payment, or expired).' },
  booking_not_confirmed: {
    status: 409,
    summary: 'The booking is not paid; `bookingStatus` is its state.',
    extra: {
      bookingStatus: {
        type: 'string',
        example: 'pending_payment',
        description: 'The booking status (a `BookingStatus`), or `unknown` when the booking is gone.',
      },
    },
  },
  // Tickets.
  ticket_not_found: { status: 404, summary: 'No such ticket, or not yours.' },
  holder_name_locked: { status: 409, summary: 'The holder name can no longer be changed.' },
  // Scanner devices.
  scanner_device_not_found: { status: 404, summary: 'No such scanner device.' },
  invalid_pairing_code: { status: 400, summary: 'The pairing code is unknown, used, expired, or its device was revoked; ask for a new device.' },
  device_revoked: {
    status: 401,
    summary: 'The scanner device token was revoked or its device has ended; `deviceStatus` says which.',
    extra: { deviceStatus: { type: 'string', enum: ['revoked', 'expired'], description: 'The device status.' } },
  },
  invalid_ticket_state: {
    status: 409,
    summary: 'The ticket is not in a state that allows this; `ticketStatus` is its state.',
    extra: { ticketStatus: { $ref: '#/components/schemas/TicketStatus' } as SchemaObject },
  },
  // Payments.
  payment_not_found: { status: 404, summary: 'No such payment, or not yours.' },
  proof_not_found: { status: 404, summary: 'The payment has no proof uploaded.' },
  invalid_payment_state: {
    status: 409,
    summary: 'The payment is not in a state that allows this; `paymentStatus` is its state.',
    extra: { paymentStatus: { $ref: '#/components/schemas/PaymentStatus' } as SchemaObject },
  },
  payment_provider_disabled: {
    status: 422,
    summary: 'This payment provider is disabled; `provider` names it.',
    extra: { provider: { type: 'string', example: 'paystack', description: 'The payment provider asked for.' } },
  },
  payment_provider_not_configured: { status: 422, summary: 'This payment provider is not enabled on this service.' },
  payment_provider_error: { status: 422, summary: 'The payment provider refused the request.' },
  payment_provider_unavailable: { status: 503, summary: 'The payment provider does not answer; retry later.' },
  payment_verification_not_supported: { status: 422, summary: "The payment's provider has no verification." },
  invalid_signature: { status: 401, summary: 'The webhook signature does not match.' },
  // Refunds.
  refund_not_found: { status: 404, summary: 'No such refund, or not yours.' },
  nothing_to_refund: { status: 409, summary: 'Nothing paid is left to refund.' },
  ticket_not_refundable: {
    status: 409,
    summary: 'The ticket cannot be refunded; `ticketIds` names those that cannot.',
    extra: { ticketIds: { type: 'array', items: { type: 'string', format: 'uuid' } } },
  },
  invalid_refund_state: {
    status: 409,
    summary: 'The refund is not in a state that allows this; `refundStatus` is its state.',
    extra: { refundStatus: { $ref: '#/components/schemas/RefundStatus' } as SchemaObject },
  },
  refund_exceeds_paid: { status: 409, summary: 'Refunds would exceed what was paid.' },
  // Transfers.
  transfer_not_found: { status: 404, summary: 'No such transfer, or not yours.' },
  ticket_not_transferable: {
    status: 409,
    summary: 'The ticket cannot be transferred; `ticketStatus` is its state.',
    extra: {
      ticketStatus: { type: 'string', example: 'checked_in', description: 'The ticket status (a `TicketStatus`), or `unknown` when the ticket is gone.' },
    },
  },
  transfer_already_pending: {
    status: 409,
    summary: 'The ticket has a pending transfer offer; `pendingTransferId` (when known) names it.',
    extra: { pendingTransferId: { type: 'string', format: 'uuid', description: 'The pending offer.' } },
  },
  transfer_to_self: { status: 422, summary: 'A ticket cannot be transferred to its own holder.' },
  transfer_not_pending: {
    status: 409,
    summary: 'The transfer is no longer pending; `transferStatus` is its state.',
    extra: { transferStatus: { $ref: '#/components/schemas/TransferStatus' } as SchemaObject },
  },
} as const satisfies Record<string, ProblemCodeInfo>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** Whether `code` is one of {@link PROBLEM_CODES}. */
export function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEM_CODES, code);
}

/** The problem codes of one HTTP status. */
export function problemCodesOf(status: number): ProblemCode[] {
  return (Object.keys(PROBLEM_CODES) as ProblemCode[]).filter((code) => PROBLEM_CODES[code].status === status);
}
