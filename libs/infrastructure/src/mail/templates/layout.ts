import { html, HtmlValue, SafeHtml } from './html.js';

/**
 * The HTML document every message shares: one centred card, inline styles only (mail clients drop
 * `<style>` and external CSS), no images but the message's own inline parts. The footer names the
 * organisation (`GET /settings` `name`) when it is known.
 */
export function layout(title: string, body: SafeHtml, organisationName?: string): string {
  return html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
      </head>
      <body style="margin:0;padding:0;background:#f4f5f7;font-family:Helvetica,Arial,sans-serif;color:#1f2933;">
        <table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="background:#f4f5f7;padding:24px 0;">
          <tr>
            <td align="center">
              <table
                role="presentation"
                width="600"
                cellspacing="0"
                cellpadding="0"
                style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;padding:32px;"
              >
                <tr>
                  <td>${body}</td>
                </tr>
              </table>
              <p style="font-size:12px;color:#7b8794;margin:16px 0 0;">${footer(organisationName)}</p>
            </td>
          </tr>
        </table>
      </body>
    </html> `.value;
}

/** The footer line of every message (HTML and plain text). */
export function footer(organisationName?: string): string {
  return organisationName ? `This is an automated message from ${organisationName} about your tickets.` : 'This is an automated message about your tickets.';
}

export const heading = (text: HtmlValue) => html`<h1 style="font-size:22px;margin:0 0 16px;">${text}</h1>`;
export const paragraph = (...parts: HtmlValue[]) => html`<p style="font-size:15px;line-height:1.5;margin:0 0 12px;">${parts}</p>`;
export const strong = (text: HtmlValue) => html`<strong>${text}</strong>`;

/** Plain text whose line breaks are kept (instructions written by staff). */
export const preformatted = (text: string) =>
  html`<p style="font-size:15px;line-height:1.5;margin:0 0 12px;padding:8px 16px;border-left:4px solid #cbd2d9;white-space:pre-line;">${text}</p>`;

/** A two-column table of facts (`When`, `Where`, …). */
export function facts(rows: [string, HtmlValue][]): SafeHtml {
  return html`<table role="presentation" cellspacing="0" cellpadding="0" style="margin:0 0 16px;font-size:15px;">
    ${rows.map(
      ([label, value]) =>
        html`<tr>
          <td style="padding:4px 16px 4px 0;color:#52606d;vertical-align:top;">${label}</td>
          <td style="padding:4px 0;">${value}</td>
        </tr>`,
    )}
  </table>`;
}

/** Plain-text facts, one `Label: value` per line. */
export function textFacts(rows: [string, string][]): string {
  return rows.map(([label, value]) => `${label}: ${value}`).join('\n');
}
