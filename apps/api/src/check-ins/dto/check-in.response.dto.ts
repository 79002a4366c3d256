import { ApiProperty } from '@nestjs/swagger';
import { Attendance, SCAN_RESULTS, ScanOutcome, ScanRecord, ScanResult, TicketPublicKey } from '@app/tickets';
import { iso } from '../../http/iso.js';

export class ScanResponseDto {
  @ApiProperty({
    enum: SCAN_RESULTS,
    enumName: 'ScanResult',
    example: 'ok',
    description:
      '`ok` admits; `already_checked_in` (with the first check-in time and gate), `invalid` (unknown or badly signed), `wrong_event`, ' +
      '`cancelled`, `refunded`, `transferred`, `unpaid`, `event_not_open` refuse.',
  })
  result: ScanResult;

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

  @ApiProperty({ format: 'date-time', description: 'When the scan happened (UTC).' })
  scannedAt: string;

  @ApiProperty({ example: false, description: 'True when this answers an earlier request with the same `clientScanId`.' })
  replayed: boolean;

  static from(o: ScanOutcome): ScanResponseDto {
    return Object.assign(new ScanResponseDto(), {
      result: o.result,
      scanId: o.scanId,
      clientScanId: o.clientScanId,
      eventId: o.eventId,
      ticketId: o.ticketId,
      holderName: o.holderName,
      ticketTypeId: o.ticketTypeId,
      ticketTypeName: o.ticketTypeName,
      checkedInAt: iso(o.checkedInAt),
      checkedInGate: o.checkedInGate,
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

  @ApiProperty({ format: 'uuid', description: 'The scanner (user id).' })
  scannerId: string;

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
      ticketTypes: a.ticketTypes.map((t) => ({ ticketTypeId: t.ticketTypeId, name: t.name, valid: t.valid, checkedIn: t.checkedIn, notYetIn: t.notYetIn })),
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

  @ApiProperty({ example: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEApoE6SyAVO4nCi5RLORWY+nGZQZhmas+NWVIioGy0ces=\n-----END PUBLIC KEY-----\n', description: 'The same key, SPKI PEM.' })
  publicKeyPem: string;

  @ApiProperty({ example: true, description: 'Signs new payloads; the others verify payloads issued before a rotation.' })
  current: boolean;

  static from(k: TicketPublicKey): CheckInKeyDto {
    return Object.assign(new CheckInKeyDto(), { keyId: k.keyId, algorithm: k.algorithm, publicKey: k.publicKey, publicKeyPem: k.publicKeyPem, current: k.current });
  }
}

export class CheckInKeysResponseDto {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 'T1', description: 'Payload format (see the README, "Ticket QR payload").' })
  payloadFormat: string;

  @ApiProperty({ type: [CheckInKeyDto], description: 'Current key first.' })
  keys: CheckInKeyDto[];
}
