import { formatDateTime } from './format.js';
import { html, safeHttpUrl } from './html.js';
import { heading, paragraph } from './layout.js';
import type { EmailTemplateRenderer } from './types.js';

/**
 * `verify-email`: confirms that the account's owner receives mail at this address (needed, for
 * one, to accept a ticket offered to it). Links only to an `http(s)` `verifyUrl`; without one, the
 * token is shown for the app to post to `/api/v1/auth/verify-email`. Expiry shown in UTC.
 */
export const verifyEmail: EmailTemplateRenderer<'verify-email'> = {
  subject: () => 'Confirm your e-mail address',
  body(d) {
    const url = safeHttpUrl(d.verifyUrl);
    const expires = formatDateTime(d.expiresAt, 'UTC');
    const intro = `Hi ${d.recipientName}, please confirm that this is your e-mail address.`;
    const ignore = 'If you did not create an account, ignore this message.';
    const manual = 'Your verification token (paste it where the app asks for it):';
    return {
      html: html`${heading('Confirm your e-mail address')} ${paragraph(intro)}
        ${url ? html`<p style="margin:0 0 16px;"><a href="${url}" style="display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;">Confirm my address</a></p>` : null}
        ${paragraph(manual)}
        <p style="margin:0 0 16px;font-family:monospace;word-break:break-all;">${d.token}</p>
        ${paragraph(`The link and token work until ${expires}. ${ignore}`)}`,
      text: [intro, '', ...(url ? [`Confirm: ${url}`, ''] : []), manual, d.token, '', `The link and token work until ${expires}. ${ignore}`].join('\n'),
    };
  },
};

/**
 * `password-reset`: the token that sets a new password (and, for an account made at the box
 * office, its first one: `claim`). Shown for the app to post to
 * `/api/v1/auth/password-reset/confirm`. Expiry shown in UTC.
 */
export const passwordReset: EmailTemplateRenderer<'password-reset'> = {
  subject: (d) => (d.claim ? 'Set a password for your ticket account' : 'Reset your password'),
  body(d) {
    const expires = formatDateTime(d.expiresAt, 'UTC');
    const intro = d.claim
      ? `Hi ${d.recipientName}, tickets bought for you are waiting in an account with this e-mail address. Set a password to sign in and see them.`
      : `Hi ${d.recipientName}, someone asked to reset the password of the account with this e-mail address.`;
    const manual = 'Your token (paste it where the app asks for it, with your new password):';
    const ignore = 'If you did not ask for this, ignore this message: nothing changes.';
    return {
      html: html`${heading(d.claim ? 'Set your password' : 'Reset your password')} ${paragraph(intro)} ${paragraph(manual)}
        <p style="margin:0 0 16px;font-family:monospace;word-break:break-all;">${d.token}</p>
        ${paragraph(`The token works once, until ${expires}. ${ignore}`)}`,
      text: [intro, '', manual, d.token, '', `The token works once, until ${expires}. ${ignore}`].join('\n'),
    };
  },
};
