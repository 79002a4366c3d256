import { Injectable } from '@nestjs/common';
import { OrganisationSettings, SettingsRepository, StoredSettings } from '@app/settings';
import { DatabaseContext } from '../database-context.js';
import { SettingsRow, toSettings } from './settings.mapper.js';

const COLUMNS = 'name, support_email, logo_url, default_currency, default_timezone, manual_payment_instructions, updated_by, updated_at';

/** The settings row of `settings` (id 1), written with one upsert. */
@Injectable()
export class TypeOrmSettingsRepository extends SettingsRepository {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  async get(): Promise<OrganisationSettings | null> {
    const { rows } = await this.db.sql<SettingsRow>(`SELECT ${COLUMNS} FROM settings WHERE id = 1`);
    return rows[0] ? toSettings(rows[0]) : null;
  }

  async getForUpdate(): Promise<OrganisationSettings | null> {
    const { rows } = await this.db.sql<SettingsRow>(`SELECT ${COLUMNS} FROM settings WHERE id = 1 FOR UPDATE`);
    return rows[0] ? toSettings(rows[0]) : null;
  }

  async save(s: StoredSettings): Promise<OrganisationSettings> {
    const { rows } = await this.db.sql<SettingsRow>(
      `INSERT INTO settings (id, name, support_email, logo_url, default_currency, default_timezone, manual_payment_instructions, updated_by, updated_at)
       VALUES (1, $1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (id) DO UPDATE
          SET name = EXCLUDED.name, support_email = EXCLUDED.support_email, logo_url = EXCLUDED.logo_url,
              default_currency = EXCLUDED.default_currency, default_timezone = EXCLUDED.default_timezone,
              manual_payment_instructions = EXCLUDED.manual_payment_instructions, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${COLUMNS}`,
      [s.name, s.supportEmail, s.logoUrl, s.defaultCurrency, s.defaultTimezone, s.manualPaymentInstructions, s.updatedBy],
    );
    return toSettings(rows[0]);
  }
}
