/** A nullable instant as the API writes it: ISO 8601 in UTC (`2026-12-31T19:00:00.000Z`), or null. */
export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
