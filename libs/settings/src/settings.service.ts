import { Injectable } from '@nestjs/common';
import { Actor, AuditLog, TransactionRunner, ValidationFailedError } from '@app/shared';
import { DEFAULT_SETTINGS, OrganisationSettings, settingsErrors, SettingsInput } from './settings.js';
import { SettingsRepository } from './settings.repository.js';

const AUDITED_FIELDS = ['name', 'supportEmail', 'logoUrl', 'defaultCurrency', 'defaultTimezone', 'manualPaymentInstructions'] as const;

/**
 * The organisation's settings: read by anyone (the route decides how much they see), replaced by
 * admins (enforced at the route). Every change is audited as `settings.updated` with the changed
 * fields' old and new values, in the same transaction as the change.
 */
@Injectable()
export class SettingsService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  /** The settings, with the defaults while none were ever saved. */
  async get(): Promise<OrganisationSettings> {
    return (await this.settings.get()) ?? { ...DEFAULT_SETTINGS };
  }

  /**
   * Replaces the settings (a missing `logoUrl` removes the logo).
   * @throws ValidationFailedError (400) for an unknown currency or time zone, a non-http(s) logo URL, a blank name.
   */
  async update(actor: Actor, input: SettingsInput): Promise<OrganisationSettings> {
    const errors = settingsErrors(input);
    if (errors.length) throw new ValidationFailedError(errors);
    return this.tx.run(async () => {
      const before = (await this.settings.getForUpdate()) ?? { ...DEFAULT_SETTINGS };
      const saved = await this.settings.save({
        name: input.name.trim(),
        supportEmail: input.supportEmail.trim().toLowerCase(),
        logoUrl: input.logoUrl ?? null,
        defaultCurrency: input.defaultCurrency,
        defaultTimezone: input.defaultTimezone,
        manualPaymentInstructions: input.manualPaymentInstructions.trim(),
        updatedBy: actor.userId,
      });
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of AUDITED_FIELDS) {
        if (before[field] !== saved[field]) changes[field] = { from: before[field], to: saved[field] };
      }
      await this.audit.record({ action: 'settings.updated', actorId: actor.userId, entityType: 'settings', entityId: 'organisation', details: { changes } });
      return saved;
    });
  }
}
