import { isKnownCurrency, isKnownTimeZone } from '@app/events';
import type { FieldError } from '@app/shared';

/**
 * The organisation's settings: one record for the whole deployment. `supportEmail` and `logoUrl`
 * are null until an admin sets them; every other field has a default ({@link DEFAULT_SETTINGS}).
 */
export interface OrganisationSettings {
  /** Shown to buyers (e-mails, the back office). */
  name: string;
  /** Where buyers write for help (RFC 5322 addr-spec), lower-cased. */
  supportEmail: string | null;
  /** An `http(s)` URL of the organisation's logo. */
  logoUrl: string | null;
  /** ISO 4217, upper case: the currency new events start from. */
  defaultCurrency: string;
  /** IANA time zone new events start from. */
  defaultTimezone: string;
  /** Shown to a buyer who pays by manual transfer (bank or mobile money), as plain text. */
  manualPaymentInstructions: string;
  /** Who last changed them; null while never set. */
  updatedBy: string | null;
  /** When they were last changed; null while never set (the defaults apply). */
  updatedAt: Date | null;
}

/** What an admin sends to replace the settings (PUT semantics: every field but `logoUrl`). */
export interface SettingsInput {
  name: string;
  supportEmail: string;
  logoUrl?: string | null;
  defaultCurrency: string;
  defaultTimezone: string;
  manualPaymentInstructions: string;
}

/** The part anyone may read (`GET /settings` without staff rights). */
export type PublicSettings = Pick<OrganisationSettings, 'name' | 'supportEmail' | 'logoUrl' | 'manualPaymentInstructions'>;

/** Settings of a deployment where no admin has saved any. */
export const DEFAULT_SETTINGS: Readonly<OrganisationSettings> = Object.freeze({
  name: 'Ticketing',
  supportEmail: null,
  logoUrl: null,
  defaultCurrency: 'NGN',
  defaultTimezone: 'Africa/Lagos',
  manualPaymentInstructions: 'Pay the booking total by bank transfer, quoting your payment reference, then upload the proof of payment.',
  updatedBy: null,
  updatedAt: null,
});

/** Length limits (the database columns hold them too). */
export const SETTINGS_LIMITS = {
  name: 200,
  supportEmail: 254,
  logoUrl: 2048,
  defaultTimezone: 64,
  manualPaymentInstructions: 2000,
} as const;

/** The public part of the settings. */
export function publicSettings(s: OrganisationSettings): PublicSettings {
  return { name: s.name, supportEmail: s.supportEmail, logoUrl: s.logoUrl, manualPaymentInstructions: s.manualPaymentInstructions };
}

/** True for an absolute `http:` or `https:` URL with a host. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * The rules a settings input breaks that the HTTP layer's shape checks do not cover: an active
 * ISO 4217 currency, an IANA time zone this runtime knows, an `http(s)` logo URL, a name that is
 * not blank. One error per broken rule (empty when valid).
 */
export function settingsErrors(input: SettingsInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.name.trim()) errors.push({ field: 'name', message: 'name must not be blank' });
  if (input.logoUrl != null && !isHttpUrl(input.logoUrl)) errors.push({ field: 'logoUrl', message: 'logoUrl must be an http(s) URL' });
  if (!isKnownCurrency(input.defaultCurrency)) errors.push({ field: 'defaultCurrency', message: 'defaultCurrency must be an active ISO 4217 code, e.g. NGN' });
  if (!isKnownTimeZone(input.defaultTimezone))
    errors.push({ field: 'defaultTimezone', message: 'defaultTimezone must be an IANA time zone, e.g. Africa/Lagos' });
  return errors;
}
