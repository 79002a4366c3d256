import type { Page, PageRequest } from '@app/shared';
import type { ScannerDevice } from './scanner-device.js';

/** A device to create; `expiresAt` null means the event's end. */
export interface NewScannerDevice {
  id: string;
  eventId: string;
  name: string;
  gate: string | null;
  createdBy: string;
  pairingCodeHash: string;
  pairingTtlSeconds: number;
  expiresAt: Date | null;
}

/** Port: scanner devices. Every method is one statement; pairing and revocation are atomic. */
export abstract class ScannerDeviceRepository {
  /** Null when the event does not exist (nothing written). `expires_at` defaults to the event's `ends_at`. */
  abstract create(device: NewScannerDevice): Promise<ScannerDevice | null>;
  abstract findById(id: string): Promise<ScannerDevice | null>;
  /** The event's devices, newest first. */
  abstract listByEvent(eventId: string, page: PageRequest): Promise<Page<ScannerDevice>>;
  /**
   * Uses a pairing code, once: sets the token hash where the code hash matches, the code has not
   * expired (database clock), the device is neither revoked nor past its end, and clears the code.
   * Of concurrent attempts with one code exactly one gets the device; the rest get null.
   */
  abstract pair(pairingCodeHash: string, tokenHash: string): Promise<ScannerDevice | null>;
  /** Sets `revoked_at` (kept when already set); null for an unknown device. */
  abstract revoke(id: string): Promise<ScannerDevice | null>;
  /**
   * The device whose token has this hash, whatever its state (the caller decides), refreshing
   * `last_seen_at` when older than `lastSeenResolutionSeconds`; null when no device has it.
   */
  abstract authenticate(tokenHash: string, lastSeenResolutionSeconds: number): Promise<ScannerDevice | null>;
}
