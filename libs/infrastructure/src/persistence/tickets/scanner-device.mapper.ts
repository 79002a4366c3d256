import { ScannerDevice } from '@app/tickets';
import type { ScannerDevicesRow } from '../schema.js';

/** The columns of a `scanner_devices` row that a device shows (never its pairing code or token hash). */
export type ScannerDeviceRow = Pick<
  ScannerDevicesRow,
  'id' | 'event_id' | 'name' | 'gate' | 'created_by' | 'created_at' | 'pairing_expires_at' | 'paired_at' | 'last_seen_at' | 'expires_at' | 'revoked_at'
>;

/** The domain scanner device of a row (timestamps UTC). */
export function toScannerDevice(row: ScannerDeviceRow): ScannerDevice {
  return {
    id: row.id,
    eventId: row.event_id,
    name: row.name,
    gate: row.gate,
    createdBy: row.created_by,
    createdAt: row.created_at,
    pairingExpiresAt: row.pairing_expires_at,
    pairedAt: row.paired_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}
