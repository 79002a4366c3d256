import type { OrganisationSettings } from './settings.js';

/** The stored fields of the settings (what {@link SettingsRepository.save} writes). */
export type StoredSettings = Omit<OrganisationSettings, 'updatedAt'>;

/**
 * Port: the one settings record. `get` answers null while no admin has saved settings (the
 * caller applies the defaults); `save` replaces the record (inserting it the first time) in the
 * current transaction and returns it as stored. Implemented by the infrastructure lib.
 */
export abstract class SettingsRepository {
  abstract get(): Promise<OrganisationSettings | null>;
  /** The stored record, locked until the current transaction ends (null while never saved). */
  abstract getForUpdate(): Promise<OrganisationSettings | null>;
  abstract save(settings: StoredSettings): Promise<OrganisationSettings>;
}
