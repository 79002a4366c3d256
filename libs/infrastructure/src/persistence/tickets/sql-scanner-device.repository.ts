import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '@app/shared';
import { NewScannerDevice, ScannerDevice, ScannerDeviceRepository } from '@app/tickets';
import { DatabaseContext } from '../database-context.js';
import { fetchSqlPage, SqlConditions } from '../keyset.js';
import { ScannerDeviceRow, toScannerDevice } from './scanner-device.mapper.js';

const COLUMNS = 'id, event_id, name, gate, created_by, created_at, pairing_expires_at, paired_at, last_seen_at, expires_at, revoked_at';

/**
 * Scanner devices in PostgreSQL. Pairing is one conditional UPDATE on the code's hash (unique
 * index `scanner_devices_pairing_code_key`), which clears the hash: of concurrent attempts with one
 * code exactly one matches the row. Times are compared with the database clock.
 */
@Injectable()
export class SqlScannerDeviceRepository extends ScannerDeviceRepository {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async create(d: NewScannerDevice): Promise<ScannerDevice | null> {
    const { rows } = await this.db.sql<ScannerDeviceRow>(
      `INSERT INTO scanner_devices (id, event_id, name, gate, created_by, pairing_code_hash, pairing_expires_at, expires_at)
       SELECT $1::uuid, e.id, $3::varchar, $4::varchar, $5::uuid, $6::varchar, now() + $7::int * interval '1 second', coalesce($8::timestamptz, e.ends_at)
         FROM events e WHERE e.id = $2::uuid
       RETURNING ${COLUMNS}`,
      [d.id, d.eventId, d.name, d.gate, d.createdBy, d.pairingCodeHash, d.pairingTtlSeconds, d.expiresAt],
    );
    return rows[0] ? toScannerDevice(rows[0]) : null;
  }

  async findById(id: string): Promise<ScannerDevice | null> {
    const { rows } = await this.db.sql<ScannerDeviceRow>(`SELECT ${COLUMNS} FROM scanner_devices WHERE id = $1`, [id]);
    return rows[0] ? toScannerDevice(rows[0]) : null;
  }

  async listByEvent(eventId: string, page: PageRequest): Promise<Page<ScannerDevice>> {
    const where = new SqlConditions();
    where.and(`event_id = ${where.param(eventId)}`);
    return fetchSqlPage(this.db, `SELECT ${COLUMNS} FROM scanner_devices`, 'id', where, page, (rows: ScannerDeviceRow[]) => rows.map(toScannerDevice));
  }

  async pair(pairingCodeHash: string, tokenHash: string): Promise<ScannerDevice | null> {
    const { rows } = await this.db.sql<ScannerDeviceRow>(
      `UPDATE scanner_devices SET token_hash = $2, pairing_code_hash = NULL, paired_at = now(), last_seen_at = now()
        WHERE pairing_code_hash = $1 AND pairing_expires_at > now() AND expires_at > now() AND revoked_at IS NULL AND token_hash IS NULL
       RETURNING ${COLUMNS}`,
      [pairingCodeHash, tokenHash],
    );
    return rows[0] ? toScannerDevice(rows[0]) : null;
  }

  async revoke(id: string): Promise<ScannerDevice | null> {
    const { rows } = await this.db.sql<ScannerDeviceRow>(
      `UPDATE scanner_devices SET revoked_at = coalesce(revoked_at, now()), pairing_code_hash = NULL WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] ? toScannerDevice(rows[0]) : null;
  }

  async authenticate(tokenHash: string, lastSeenResolutionSeconds: number): Promise<ScannerDevice | null> {
    const { rows } = await this.db.sql<ScannerDeviceRow>(`SELECT ${COLUMNS} FROM scanner_devices WHERE token_hash = $1`, [tokenHash]);
    const device = rows[0];
    if (!device) return null;
    if (!device.last_seen_at || Date.now() - device.last_seen_at.getTime() > lastSeenResolutionSeconds * 1000) {
      // Best effort and rare (once per resolution): a lost race just writes the same minute twice.
      await this.db.sql(`UPDATE scanner_devices SET last_seen_at = now() WHERE id = $1 AND revoked_at IS NULL`, [device.id]);
    }
    return toScannerDevice(device);
  }
}
