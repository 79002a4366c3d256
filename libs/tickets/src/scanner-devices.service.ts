import { Injectable } from '@nestjs/common';
import { EventNotFoundError } from '@app/events';
import { Actor, AuditLog, DeviceIdentity, DomainError, newId, NotFoundError, Page, PageRequest, TransactionRunner, ValidationFailedError } from '@app/shared';
import {
  DEVICE_TOKEN_PREFIX,
  deviceStatus,
  generateDeviceToken,
  generatePairingCode,
  LAST_SEEN_RESOLUTION_SECONDS,
  normalizePairingCode,
  PAIRING_CODE_TTL_SECONDS,
  ScannerDevice,
  ScannerDeviceStatus,
  secretHash,
} from './scanner-device.js';
import { CheckInRepository } from './check-in.repository.js';
import { ScannerDeviceRepository } from './scanner-device.repository.js';

/** 404 `scanner_device_not_found`. */
export class ScannerDeviceNotFoundError extends NotFoundError {
  constructor() {
    super('Scanner device', 'scanner_device_not_found');
  }
}

/** 400 `invalid_pairing_code`: unknown, already used, expired, or its device revoked or ended. Says nothing about which. */
export class InvalidPairingCodeError extends DomainError {
  constructor() {
    super('invalid_pairing_code', 'invalid', 'This pairing code is not valid: it may have been used or expired. Ask for a new device.');
  }
}

/** 401 `device_revoked`: the device token was revoked or its device has ended. */
export class DeviceRevokedError extends DomainError {
  constructor(status: ScannerDeviceStatus) {
    super('device_revoked', 'unauthorized', status === ScannerDeviceStatus.Expired ? 'This scanner device has ended.' : 'This scanner device was revoked.', {
      extra: { deviceStatus: status },
    });
  }
}

/** 401 `invalid_token`: not a token of any device. */
export class InvalidDeviceTokenError extends DomainError {
  constructor() {
    super('invalid_token', 'unauthorized', 'The device token is not valid.');
  }
}

/** What creating a device answers: the device and its one-time pairing code (shown once). */
export interface CreatedScannerDevice {
  device: ScannerDevice;
  pairingCode: string;
}

/** What pairing answers: the device token (shown once) and the device. */
export interface PairedScannerDevice {
  deviceToken: string;
  device: ScannerDevice;
}

/**
 * Scanner devices: created by an admin for one event (and gate), paired by a one-time code
 * (10 minutes) that is exchanged for a device token, revoked at once. Creation, pairing and
 * revocation are audited. Tokens are checked against the database on every request, so a
 * revocation takes effect on the device's next call.
 */
@Injectable()
export class ScannerDevicesService {
  constructor(
    private readonly devices: ScannerDeviceRepository,
    private readonly checkIns: CheckInRepository,
    private readonly audit: AuditLog,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * @param input.expiresAt when the token stops working (UTC); default the event's end
   * @throws EventNotFoundError (404), ValidationFailedError (400) for an `expiresAt` in the past
   */
  async create(actor: Actor, eventId: string, input: { name: string; gate?: string | null; expiresAt?: Date | null }): Promise<CreatedScannerDevice> {
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw new ValidationFailedError([{ field: 'expiresAt', message: 'expiresAt must be in the future' }]);
    }
    const pairingCode = generatePairingCode();
    return this.tx.run(async () => {
      const device = await this.devices.create({
        id: newId(),
        eventId,
        name: input.name.trim(),
        gate: input.gate?.trim() || null,
        createdBy: actor.userId,
        pairingCodeHash: secretHash(pairingCode),
        pairingTtlSeconds: PAIRING_CODE_TTL_SECONDS,
        expiresAt: input.expiresAt ?? null,
      });
      if (!device) throw new EventNotFoundError();
      await this.audit.record({
        action: 'scanner_device.created',
        actorId: actor.userId,
        entityType: 'scanner_device',
        entityId: device.id,
        details: { eventId, name: device.name, gate: device.gate, expiresAt: device.expiresAt.toISOString() },
      });
      return { device, pairingCode };
    });
  }

  /** The event's devices, newest first. @throws EventNotFoundError */
  async list(eventId: string, page: PageRequest): Promise<Page<ScannerDevice>> {
    if (!(await this.checkIns.facts(eventId, null)).event) throw new EventNotFoundError();
    return this.devices.listByEvent(eventId, page);
  }

  /**
   * Exchanges a pairing code for a device token, once.
   * @throws InvalidPairingCodeError (400) for a malformed, unknown, used or expired code
   */
  async pair(pairingCode: string): Promise<PairedScannerDevice> {
    const code = normalizePairingCode(pairingCode);
    if (!code) throw new InvalidPairingCodeError();
    const deviceToken = generateDeviceToken();
    return this.tx.run(async () => {
      const device = await this.devices.pair(secretHash(code), secretHash(deviceToken));
      if (!device) throw new InvalidPairingCodeError();
      await this.audit.record({
        action: 'scanner_device.paired',
        actorId: null,
        entityType: 'scanner_device',
        entityId: device.id,
        details: { eventId: device.eventId },
      });
      return { deviceToken, device };
    });
  }

  /** Revokes a device; its token is refused from its next request. Idempotent. @throws ScannerDeviceNotFoundError */
  async revoke(actor: Actor, id: string): Promise<ScannerDevice> {
    return this.tx.run(async () => {
      const device = await this.devices.revoke(id);
      if (!device) throw new ScannerDeviceNotFoundError();
      await this.audit.record({
        action: 'scanner_device.revoked',
        actorId: actor.userId,
        entityType: 'scanner_device',
        entityId: id,
        details: { eventId: device.eventId },
      });
      return device;
    });
  }

  /** True when the bearer token is a device token (not a JWT). */
  isDeviceToken(token: string): boolean {
    return token.startsWith(DEVICE_TOKEN_PREFIX);
  }

  /**
   * The device a token belongs to, when it is active.
   * @throws InvalidDeviceTokenError (401 `invalid_token`), DeviceRevokedError (401 `device_revoked`)
   */
  async authenticate(token: string): Promise<DeviceIdentity> {
    const device = await this.devices.authenticate(secretHash(token), LAST_SEEN_RESOLUTION_SECONDS);
    if (!device) throw new InvalidDeviceTokenError();
    const status = deviceStatus(device);
    if (status !== ScannerDeviceStatus.Active) throw new DeviceRevokedError(status);
    return { id: device.id, eventId: device.eventId, name: device.name, gate: device.gate };
  }
}
