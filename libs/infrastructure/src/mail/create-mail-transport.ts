import { BrevoMailTransport, FallbackMailTransport } from './brevo-transport.js';
import type { MailOptions } from './mail-options.js';
import { FileMailTransport, MailTransport, SmtpMailTransport } from './mail-transport.js';

/**
 * The transport the options call for: Brevo (with SMTP as its fallback when `smtpUrl` is set) with
 * `brevo`; else SMTP with `smtpUrl`; else `.eml` files.
 */
export function createMailTransport(options: MailOptions): MailTransport {
  const smtp = options.smtpUrl ? new SmtpMailTransport({ ...options, smtpUrl: options.smtpUrl }) : undefined;
  if (options.brevo) {
    const brevo = new BrevoMailTransport({ ...options.brevo, from: options.from });
    return smtp ? new FallbackMailTransport(brevo, smtp) : brevo;
  }
  return smtp ?? new FileMailTransport(options);
}
