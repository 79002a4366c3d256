import { OrganisationSettings } from '@app/settings';
import type { SettingsRow as SettingsTableRow } from '../schema.js';

/** The `settings` row's columns but its fixed `id` (1). */
export type SettingsRow = Omit<SettingsTableRow, 'id'>;

/** The organisation's settings of the row. */
export function toSettings(row: SettingsRow): OrganisationSettings {
  return {
    name: row.name,
    supportEmail: row.support_email,
    logoUrl: row.logo_url,
    defaultCurrency: row.default_currency,
    defaultTimezone: row.default_timezone,
    manualPaymentInstructions: row.manual_payment_instructions,
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at),
  };
}
