import { Chip } from '@mui/material';
import type { ReactNode } from 'react';
import { useCanAccess, useRecordContext } from 'react-admin';

/** Formats minor units with the currency's own number of decimals (ISO 4217): 150000 NGN -> NGN 1,500.00. */
export function formatMoney(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined) return '—';
  const code = currency || 'XXX';
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat('en', { style: 'currency', currency: code, currencyDisplay: 'code' }).format(minor / 10 ** digits);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** A money column: `source` in minor units, the currency from `currencySource` on the same record. */
export function MoneyField({ source, currencySource = 'currency' }: { source: string; currencySource?: string; label?: string }) {
  const record = useRecordContext();
  if (!record) return null;
  return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoney(record[source], record[currencySource])}</span>;
}

export function DateField({ source }: { source: string; label?: string }) {
  const record = useRecordContext();
  return <span>{formatDate(record?.[source])}</span>;
}

const COLOURS: Record<string, 'success' | 'warning' | 'error' | 'info' | 'default' | 'primary' | 'secondary'> = {
  published: 'success',
  draft: 'default',
  cancelled: 'error',
  completed: 'info',
  confirmed: 'success',
  pending_payment: 'warning',
  expired: 'default',
  refunded: 'secondary',
  partially_refunded: 'secondary',
  pending: 'warning',
  awaiting_review: 'warning',
  succeeded: 'success',
  failed: 'error',
  approved: 'info',
  rejected: 'error',
  accepted: 'success',
  valid: 'success',
  checked_in: 'info',
  transferred: 'default',
  queued: 'warning',
  sent: 'success',
  ok: 'success',
  already_checked_in: 'warning',
  invalid: 'error',
  admin: 'primary',
  viewer: 'info',
  scanner: 'secondary',
  customer: 'default',
  active: 'success',
  unpaired: 'warning',
  revoked: 'error',
  entry: 'success',
  exit: 'info',
  not_inside: 'warning',
};

/** A coloured status chip (`pending_payment` reads "pending payment"). */
export function StatusChip({ value }: { value: string | null | undefined }) {
  if (!value) return null;
  return <Chip size="small" label={value.replace(/_/g, ' ')} color={COLOURS[value] ?? 'default'} variant={COLOURS[value] ? 'filled' : 'outlined'} />;
}

export function StatusField({ source }: { source: string; label?: string }) {
  const record = useRecordContext();
  const value = record?.[source];
  if (Array.isArray(value))
    return (
      <>
        {value.map((v: string) => (
          <StatusChip key={v} value={v} />
        ))}
      </>
    );
  return <StatusChip value={value} />;
}

/**
 * Renders its children only for users who may `action` the resource (admins); viewers get
 * nothing, so no dead buttons (the API refuses anyway).
 */
export function IfAllowed({ action = 'edit', resource, children }: { action?: string; resource: string; children: ReactNode }) {
  const { canAccess, isPending } = useCanAccess({ action, resource });
  if (isPending || !canAccess) return null;
  return <>{children}</>;
}

export function useIsAdmin(resource = 'events'): boolean {
  const { canAccess } = useCanAccess({ action: 'edit', resource });
  return canAccess === true;
}
