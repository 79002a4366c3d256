import { ApiProperty } from '@nestjs/swagger';
import {
  Attendance,
  FeedPage,
  FeedTicket,
  SCAN_RESULTS,
  ScanDirection,
  ScanOutcome,
  ScanRecord,
  ScanResult,
  TicketPublicKey,
  TicketStatus,
} from '@app/tickets';
import { iso } from '../../http/iso.js';

export class ScanResponseDto {
  @ApiProperty({
    enum: SCAN_RESULTS,
    enumName: 'ScanResult',
    example: 'ok',
    description:
      '`ok` admits; `already_checked_in` (with the first check-in time and gate), `invalid` (unknown or badly signed), `wrong_event`, ' +
      '`cancelled`, `refunded`, `transferred`, `unpaid`, `event_not_open`, `not_inside` (an exit of a ticket not inside) refuse.',
  })
  result: ScanResult;

  @ApiProperty({ enum: ScanDirection, enumName: 'ScanDirection', example: 'entry' })
  direction: ScanDirection;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The scan-log row; null for `verify`.' })
  scanId: string | null;

  @ApiProperty({ nullable: true, type: String, example: '0b6c2f4e-3d1a-4c55-9b7e-9f0e1d2c3b4a' })
  clientScanId: string | null;

  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  ticketId: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'Ada Lovelace', description: 'Where the ticket is known.' })
  holderName: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  ticketTypeId: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'VIP' })
  ticketTypeName: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: '`ok`: this check-in; `already_checked_in`: the first one.' })
  checkedInAt: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'North gate', description: 'Gate of that check-in.' })
  checkedInGate: string | null;

  @ApiProperty({ nullable: true, type: Boolean, example: true, description: 'Whether the holder is inside after this scan; null when no ticket was found.' })
  inside: boolean | null;

  @ApiProperty({ format: 'date-time', description: 'When the scan happened (UTC).' })
  scannedAt: string;

  @ApiProperty({ example: false, description: 'True when this answers an earlier request with the same `clientScanId`.' })
  replayed: boolean;

  static from(o: ScanOutcome): ScanResponseDto {
    return Object.assign(new ScanResponseDto(), {
      result: o.result,
      direction: o.direction,
      scanId: o.scanId,
      clientScanId: o.clientScanId,
      eventId: o.eventId,
      ticketId: o.ticketId,
      holderName: o.holderName,
      ticketTypeId: o.ticketTypeId,
      ticketTypeName: o.ticketTypeName,
      checkedInAt: iso(o.checkedInAt),
      checkedInGate: o.checkedInGate,
      inside: o.inside,
      scannedAt: o.scannedAt.toISOString(),
      replayed: o.replayed,
    });
  }
}

export class BatchScanResponseDto {
  @ApiProperty({ type: [ScanResponseDto], description: 'One result per scan, in the request’s order.' })
  results: ScanResponseDto[];
}

export class ScanRecordResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  ticketId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The signed-in scanner (user id); null for a scanner device’s scan.' })
  scannerId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The scanner device; null for a signed-in scanner’s scan.' })
  scannerDeviceId: string | null;

  @ApiProperty({ enum: ScanDirection, enumName: 'ScanDirection' })
  direction: ScanDirection;

  @ApiProperty({ nullable: true, type: String, example: 'North gate' })
  gate: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'scanner-07' })
  deviceId: string | null;

  @ApiProperty({ nullable: true, type: String })
  clientScanId: string | null;

  @ApiProperty({ example: 'TKT-20261231-7K3QX9MZ', description: 'The code as presented, cut to 200 characters.' })
  code: string;

  @ApiProperty({ enum: SCAN_RESULTS, enumName: 'ScanResult' })
  result: ScanResult;

  @ApiProperty({ format: 'date-time', description: 'When the scan happened: the device time for offline scans.' })
  scannedAt: string;

  @ApiProperty({ example: false, description: 'Uploaded in an offline batch.' })
  offline: boolean;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Set when an earlier offline scan of the ticket arrived later and took the check-in over: this scan then reads `already_checked_in`.',
  })
  supersededBy: string | null;

  @ApiProperty({ format: 'date-time', description: 'When the server recorded it.' })
  createdAt: string;

  static from(r: ScanRecord): ScanRecordResponseDto {
    return Object.assign(new ScanRecordResponseDto(), {
      id: r.id,
      eventId: r.eventId,
      ticketId: r.ticketId,
      scannerId: r.scannerId,
      scannerDeviceId: r.scannerDeviceId,
      direction: r.direction,
      gate: r.gate,
      deviceId: r.deviceId,
      clientScanId: r.clientScanId,
      code: r.code,
      result: r.result,
      scannedAt: r.scannedAt.toISOString(),
      offline: r.offline,
      supersededBy: r.supersededBy,
      createdAt: r.createdAt.toISOString(),
    });
  }
}

export class TicketTypeAttendanceDto {
  @ApiProperty({ format: 'uuid' })
  ticketTypeId: string;

  @ApiProperty({ example: 'VIP' })
  name: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 120, description: 'Tickets that admit someone: status `valid` or `checked_in`.' })
  valid: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 75 })
  checkedIn: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 45, description: '`valid - checkedIn`.' })
  notYetIn: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 60, description: 'Holders inside now.' })
  inside: number;
}

export class GateAttendanceDto {
  @ApiProperty({ nullable: true, type: String, example: 'North gate', description: 'Null: scans made without a gate.' })
  gate: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, example: 180, description: 'Accepted entry scans.' })
  entries: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 20, description: 'Accepted exit scans.' })
  exits: number;
}

export class HourlyCheckInsDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-31T18:00:00.000Z', description: 'Start of the UTC hour.' })
  hour: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 42 })
  checkedIn: number;
}

export class AttendanceResponseDto {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 500, description: 'Tickets that admit someone: status `valid` or `checked_in`.' })
  valid: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 310 })
  checkedIn: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 190, description: '`valid - checkedIn`.' })
  notYetIn: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 290, description: 'Holders inside now: entered and not scanned out since.' })
  inside: number;

  @ApiProperty({ type: [GateAttendanceDto], description: 'Accepted entries and exits per gate.' })
  gates: GateAttendanceDto[];

  @ApiProperty({ type: [TicketTypeAttendanceDto] })
  ticketTypes: TicketTypeAttendanceDto[];

  @ApiProperty({ type: [HourlyCheckInsDto], description: 'Check-ins per UTC hour, oldest first; hours without any are left out.' })
  byHour: HourlyCheckInsDto[];

  static from(a: Attendance): AttendanceResponseDto {
    return Object.assign(new AttendanceResponseDto(), {
      eventId: a.eventId,
      valid: a.valid,
      checkedIn: a.checkedIn,
      notYetIn: a.notYetIn,
      inside: a.inside,
      gates: a.gates.map((g) => ({ gate: g.gate, entries: g.entries, exits: g.exits })),
      ticketTypes: a.ticketTypes.map((t) => ({
        ticketTypeId: t.ticketTypeId,
        name: t.name,
        valid: t.valid,
        checkedIn: t.checkedIn,
        notYetIn: t.notYetIn,
        inside: t.inside,
      })),
      byHour: a.byHour.map((h) => ({ hour: h.hour.toISOString(), checkedIn: h.checkedIn })),
    });
  }
}

export class CheckInKeyDto {
  @ApiProperty({ example: 'a736b36160c84082', description: 'Matches the key id inside a payload (8 bytes, hex).' })
  keyId: string;

  @ApiProperty({ example: 'Ed25519', enum: ['Ed25519'] })
  algorithm: 'Ed25519';

  @ApiProperty({ example: 'poE6SyAVO4nCi5RLORWY-nGZQZhmas-NWVIioGy0ces', description: 'The raw 32-byte public key (RFC 8032), base64url.' })
  publicKey: string;

  @ApiProperty({
    example: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEApoE6SyAVO4nCi5RLORWY+nGZQZhmas+NWVIioGy0ces=\n-----END PUBLIC KEY-----\n',
    description: 'The same key, SPKI PEM.',
  })
  publicKeyPem: string;

  @ApiProperty({ example: true, description: 'Signs new payloads; the others verify payloads issued before a rotation.' })
  current: boolean;

  static from(k: TicketPublicKey): CheckInKeyDto {
    return Object.assign(new CheckInKeyDto(), {
      keyId: k.keyId,
      algorithm: k.algorithm,
      publicKey: k.publicKey,
      publicKeyPem: k.publicKeyPem,
      current: k.current,
    });
  }
}

export class CheckInKeysResponseDto {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 'T2', description: 'Payload format of new tickets (see the README, "Ticket QR payload"); `T1` payloads are still accepted.' })
  payloadFormat: string;

  @ApiProperty({ type: [CheckInKeyDto], description: 'Current key first.' })
  keys: CheckInKeyDto[];
}

const FEED_STATUSES = [...Object.values(TicketStatus), 'unpaid'];

export class FeedTicketDto {
  @ApiProperty({ format: 'uuid' })
  ticketId: string;

  @ApiProperty({
    example: '5e9c2d0f3b8a41c6a7e4d2b19f0c8e7a6d5b4c3a2f1e0d9c8b7a6f5e4d3c2b1a',
    pattern: '^[0-9a-f]{64}$',
    description: 'Lower-case hex SHA-256 of the canonical human code (UTF-8).',
  })
  codeHash: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Must equal the version inside a payload.' })
  version: number;

  @ApiProperty({ enum: FEED_STATUSES, description: 'The ticket status, or `unpaid` (also `cancelled`/`refunded`) when its booking is not paid.' })
  status: string;

  @ApiProperty({ example: false, description: 'The holder is inside now.' })
  inside: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The first check-in.' })
  checkedInAt: string | null;

  @ApiProperty({ nullable: true, type: String })
  checkedInGate: string | null;

  @ApiProperty({ format: 'uuid' })
  ticketTypeId: string;

  @ApiProperty({ example: 'VIP' })
  ticketTypeName: string;

  @ApiProperty({ example: false })
  reentry: boolean;

  @ApiProperty({
    example: 'q1w2e3r4t5y6u7i8.Zm9vYmFy…',
    description:
      'The holder name, AES-256-GCM with a key derived by HKDF-SHA256 from the ticket’s human code: `base64url(iv).base64url(ciphertext || tag)` (README, "Offline check-in feed").',
  })
  holderNameSealed: string;

  static from(t: FeedTicket): FeedTicketDto {
    return Object.assign(new FeedTicketDto(), {
      ticketId: t.ticketId,
      codeHash: t.codeHash,
      version: t.version,
      status: t.status,
      inside: t.inside,
      checkedInAt: iso(t.checkedInAt),
      checkedInGate: t.checkedInGate,
      ticketTypeId: t.ticketTypeId,
      ticketTypeName: t.ticketTypeName,
      reentry: t.reentry,
      holderNameSealed: t.holderNameSealed,
    });
  }
}

export class FeedEventDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Afrobeats Night' })
  title: string;

  @ApiProperty({ example: 'published', description: 'Scans are accepted for `published` (and `completed`) events.' })
  status: string;

  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty({ format: 'date-time' })
  endsAt: string;

  @ApiProperty({ format: 'date-time', description: 'Entry scans are accepted from this time to `endsAt`.' })
  scanOpensAt: string;
}

export class CheckInFeedResponseDto {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ type: FeedEventDto })
  event: FeedEventDto;

  @ApiProperty({ type: [CheckInKeyDto], description: 'The event’s check-in public keys, current first.' })
  keys: CheckInKeyDto[];

  @ApiProperty({ type: [FeedTicketDto], description: 'All tickets (no cursor) or the tickets written since the cursor; upsert by `ticketId`.' })
  tickets: FeedTicketDto[];

  @ApiProperty({ description: 'Always set: follow it at once while `hasMore`; else keep it and poll with it later.' })
  nextCursor: string;

  @ApiProperty({ example: false })
  hasMore: boolean;

  @ApiProperty({ format: 'date-time', description: 'The server’s clock, to spot a device clock that is off.' })
  serverTime: string;

  static from(p: FeedPage): CheckInFeedResponseDto {
    return Object.assign(new CheckInFeedResponseDto(), {
      eventId: p.event.id,
      event: {
        id: p.event.id,
        title: p.event.title,
        status: p.event.status,
        startsAt: p.event.startsAt.toISOString(),
        endsAt: p.event.endsAt.toISOString(),
        scanOpensAt: p.event.scanOpensAt.toISOString(),
      },
      keys: p.keys.map(CheckInKeyDto.from),
      tickets: p.tickets.map(FeedTicketDto.from),
      nextCursor: p.nextCursor,
      hasMore: p.hasMore,
      serverTime: p.serverTime.toISOString(),
    });
  }
}
