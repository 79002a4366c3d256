import { createHash, randomBytes, randomInt } from 'node:crypto';
import { CODE_ALPHABET } from './ticket-code.js';

/** A device's state: waiting for its pairing code to be used, working, revoked, or past its end. */
export enum ScannerDeviceStatus {
  Unpaired = 'unpaired',
  Active = 'active',
  Revoked = 'revoked',
  Expired = 'expired',
}

/**
 * A scanner device: a credential for one event's check-in routes (and optionally one gate), paired
 * to a phone or handheld by a one-time code so that no personal password is typed at the gate.
 * Only SHA-256 hashes of the pairing code and the device token are stored.
 */
export interface ScannerDevice {
  id: string;
  eventId: string;
  name: string;
  gate: string | null;
  createdBy: string;
  createdAt: Date;
  /** When the pairing code stops working (10 minutes after creation); it also stops once used. */
  pairingExpiresAt: Date;
  pairedAt: Date | null;
  /** Updated at most every {@link LAST_SEEN_RESOLUTION_SECONDS} while the device calls the API. */
  lastSeenAt: Date | null;
  /** The token stops working at this time (UTC); default the event's end. */
  expiresAt: Date;
  revokedAt: Date | null;
}

/** How long a pairing code works, in seconds. */
export const PAIRING_CODE_TTL_SECONDS = 600;
/** `lastSeenAt` is refreshed at most this often (seconds), so a scan does not write the device row each time. */
export const LAST_SEEN_RESOLUTION_SECONDS = 30;
/** Device tokens start with this, so the access guard tells them from JWTs without parsing. */
export const DEVICE_TOKEN_PREFIX = 'sdt_';

/** The status of a device at `now` (UTC). */
export function deviceStatus(device: Pick<ScannerDevice, 'revokedAt' | 'expiresAt' | 'pairedAt'>, now = new Date()): ScannerDeviceStatus {
  if (device.revokedAt) return ScannerDeviceStatus.Revoked;
  if (device.expiresAt.getTime() <= now.getTime()) return ScannerDeviceStatus.Expired;
  return device.pairedAt ? ScannerDeviceStatus.Active : ScannerDeviceStatus.Unpaired;
}

/**
 * A new pairing code `SCP-XXXX-XXXX-XXXX`: 12 characters of Crockford's base32 drawn with
 * `crypto.randomInt` (60 bits), easy to read aloud or type, and shown as a QR in the back-office.
 */
export function generatePairingCode(): string {
  const groups = [0, 1, 2].map(() => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join(''));
  return `SCP-${groups.join('-')}`;
}

/**
 * The canonical form of a typed or scanned pairing code, or null when it cannot be one: any case,
 * spaces and dashes anywhere, Crockford's look-alikes (`O` as `0`, `I`/`L` as `1`).
 */
export function normalizePairingCode(input: string): string | null {
  const compact = input.replace(/[\s-]+/g, '').toUpperCase();
  const match = /^SCP([0-9A-Z]{12})$/.exec(compact);
  if (!match) return null;
  const random = match[1]!.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (![...random].every((c) => CODE_ALPHABET.includes(c))) return null;
  return `SCP-${random.slice(0, 4)}-${random.slice(4, 8)}-${random.slice(8)}`;
}

/** A new device token: `sdt_` and 32 random bytes, base64url (256 bits). */
export function generateDeviceToken(): string {
  return DEVICE_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Lower-case hex SHA-256 of a code or token: what is stored and looked up, never the secret itself. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
