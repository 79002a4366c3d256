import { Card, CardContent, Grid, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField as MuiTextField, Typography } from '@mui/material';
import ReceiptIcon from '@mui/icons-material/ReceiptLong';
import PaymentIcon from '@mui/icons-material/Payment';
import TicketIcon from '@mui/icons-material/ConfirmationNumber';
import CheckInIcon from '@mui/icons-material/QrCodeScanner';
import RefundIcon from '@mui/icons-material/Undo';
import TransferIcon from '@mui/icons-material/SwapHoriz';
import AuditIcon from '@mui/icons-material/History';
import EmailIcon from '@mui/icons-material/Email';
import type { SvgIconComponent } from '@mui/icons-material';
import { useEffect, useState } from 'react';
import {
  AutocompleteInput,
  Button,
  Confirm,
  Datagrid,
  FunctionField,
  List,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  Show,
  TextField,
  TextInput,
  TopToolbar,
  useNotify,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import { api } from '../api/client';
import { fetchBookingTimeline, resendBookingTickets, unwrap, type TimelineEntry } from '../dataProvider';
import { DateField, IfAllowed, MoneyField, StatusChip, StatusField, formatDate, formatMoney } from '../ui';

export const BOOKING_STATUSES = ['pending_payment', 'confirmed', 'partially_refunded', 'refunded', 'cancelled', 'expired'].map((s) => ({
  id: s,
  name: s.replace(/_/g, ' '),
}));

/** Picks an event by title (the events list's `q`). */
export const EventInput = ({ source = 'eventId', alwaysOn }: { source?: string; alwaysOn?: boolean }) => (
  <ReferenceInput source={source} reference="events" alwaysOn={alwaysOn}>
    <AutocompleteInput optionText="title" label="Event" filterToQuery={(q) => ({ q })} sx={{ minWidth: 240 }} />
  </ReferenceInput>
);

const filters = [
  <TextInput
    key="q"
    source="q"
    label="Search"
    helperText="E-mail, name, booking id, PAY- reference, ticket code, attendee or team"
    alwaysOn
    sx={{ minWidth: 360 }}
  />,
  <EventInput key="eventId" alwaysOn />,
  <SelectInput key="status" source="status" choices={BOOKING_STATUSES} alwaysOn />,
  <TextInput key="email" source="email" label="Exact e-mail" />,
  <TextInput key="teamName" source="teamName" label="Team" />,
];

export const BookingList = () => (
  <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <DateField source="createdAt" label="Created" />
      <ReferenceField source="eventId" reference="events" link={false} sortable={false}>
        <TextField source="title" />
      </ReferenceField>
      <ReferenceField source="userId" reference="users" label="Buyer" link={false} sortable={false}>
        <TextField source="email" />
      </ReferenceField>
      <TextField source="teamName" label="Team" sortable={false} emptyText="" />
      <StatusField source="status" />
      <MoneyField source="totalAmount" label="Total" />
      <TextField source="id" label="Booking" sortable={false} />
    </Datagrid>
  </List>
);

const BookingActions = () => {
  const record = useRecordContext();
  const notify = useNotify();
  const refresh = useRefresh();
  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!record) return null;
  const id = String(record.id);
  // Unpaid: the hold ends. Paid: valid tickets are cancelled (checked-in ones stay) and what was
  // paid is refunded through the payment's provider; a reason is required and shown to the buyer.
  const cancellable = ['pending_payment', 'confirmed', 'partially_refunded'].includes(String(record.status));
  const paid = record.status !== 'pending_payment' && Number(record.payment?.paidAmount ?? 0) > 0;
  const resendable = ['confirmed', 'partially_refunded'].includes(String(record.status));
  const resend = async () => {
    try {
      const to = await resendBookingTickets(id);
      notify(`Tickets queued to ${to}`, { type: 'success' });
      window.dispatchEvent(new Event(TIMELINE_CHANGED));
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  const cancel = async () => {
    setCancelOpen(false);
    try {
      await unwrap(api.POST('/api/v1/bookings/{id}/cancel', { params: { path: { id } }, body: (reason ? { reason } : {}) as never }));
      notify('Booking cancelled', { type: 'success' });
      refresh();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  return (
    <TopToolbar>
      <IfAllowed resource="bookings">
        {resendable && <Button label="Resend tickets" variant="outlined" onClick={resend} />}
        {cancellable && <Button label="Cancel booking" color="error" variant="outlined" onClick={() => setCancelOpen(true)} />}
        <Confirm
          isOpen={cancelOpen}
          title="Cancel this booking?"
          content={
            <Stack spacing={2}>
              <Typography>
                {record.status === 'pending_payment'
                  ? 'The hold ends and its seats go back on sale.'
                  : `Its valid tickets are cancelled (checked-in ones stay) and their seats go back on sale.${paid ? ' Everything paid and not yet refunded is refunded to the buyer.' : ''}`}
              </Typography>
              <MuiTextField
                label={paid ? 'Reason (shown to the buyer)' : 'Reason'}
                required={paid}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                fullWidth
                autoFocus
              />
            </Stack>
          }
          confirm={paid ? 'Cancel and refund' : 'Cancel booking'}
          cancel="Keep it"
          onConfirm={cancel}
          onClose={() => setCancelOpen(false)}
        />
      </IfAllowed>
    </TopToolbar>
  );
};

const Detail = () => {
  const r = useRecordContext();
  if (!r) return null;
  return (
    <CardContent>
      <Stack direction="row" spacing={2} alignItems="center">
        <Typography variant="h5">Booking</Typography>
        <StatusChip value={r.status} />
        <Typography variant="body2" color="text.secondary">
          {r.id}
        </Typography>
      </Stack>
      <Grid container spacing={3} sx={{ mt: 1 }}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Typography variant="subtitle2" color="text.secondary">
            Event
          </Typography>
          <ReferenceField source="eventId" reference="events" link="show">
            <TextField source="title" />
          </ReferenceField>
          <Typography variant="subtitle2" color="text.secondary" sx={{ mt: 1 }}>
            Buyer
          </Typography>
          <ReferenceField source="userId" reference="users" link="edit">
            <FunctionField render={(u) => `${u.name} <${u.email}>`} />
          </ReferenceField>
          {r.teamName && (
            <>
              <Typography variant="subtitle2" color="text.secondary" sx={{ mt: 1 }}>
                Team
              </Typography>
              <Typography>{r.teamName}</Typography>
            </>
          )}
          <Typography variant="subtitle2" color="text.secondary" sx={{ mt: 1 }}>
            Created
          </Typography>
          <Typography>
            {formatDate(r.createdAt)}
            {r.expiresAt && r.status === 'pending_payment' ? ` · hold ends ${formatDate(r.expiresAt)}` : ''}
          </Typography>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Typography variant="subtitle2" color="text.secondary">
            Total
          </Typography>
          <Typography variant="h6">
            <MoneyField source="totalAmount" />
          </Typography>
          <Typography variant="body2">
            Paid {formatMoney(r.payment?.paidAmount ?? 0, r.currency)} · refunded {formatMoney(r.payment?.refundedAmount ?? 0, r.currency)}
          </Typography>
        </Grid>
      </Grid>
      <Typography variant="h6" sx={{ mt: 3 }}>
        Tickets
      </Typography>
      <Table size="small" aria-label="Tickets">
        <TableHead>
          <TableRow>
            <TableCell>Code</TableCell>
            <TableCell>Holder</TableCell>
            <TableCell>Status</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(r.tickets ?? []).map((t: { id: string; code: string; holderName: string | null; status: string }) => (
            <TableRow key={t.id}>
              <TableCell sx={{ fontFamily: 'monospace' }}>{t.code}</TableCell>
              <TableCell>{t.holderName ?? '—'}</TableCell>
              <TableCell>
                <StatusChip value={t.status} />
              </TableCell>
            </TableRow>
          ))}
          {(r.tickets ?? []).length === 0 && (
            <TableRow>
              <TableCell colSpan={3}>No tickets issued.</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <Typography variant="h6" sx={{ mt: 3 }}>
        Payments
      </Typography>
      <Table size="small" aria-label="Payments">
        <TableHead>
          <TableRow>
            <TableCell>Reference</TableCell>
            <TableCell>Provider</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">Amount</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(r.payment?.payments ?? []).map((p: { id: string; reference: string; provider: string; status: string; amount: number }) => (
            <TableRow key={p.id}>
              <TableCell sx={{ fontFamily: 'monospace' }}>{p.reference}</TableCell>
              <TableCell>{p.provider}</TableCell>
              <TableCell>
                <StatusChip value={p.status} />
              </TableCell>
              <TableCell align="right">{formatMoney(p.amount, r.currency)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </CardContent>
  );
};

/** Dispatched on `window` after an action that adds timeline entries without changing the booking. */
const TIMELINE_CHANGED = 'booking-timeline-changed';

const KIND_ICONS: Record<string, SvgIconComponent> = {
  booking: ReceiptIcon,
  payment: PaymentIcon,
  ticket: TicketIcon,
  check_in: CheckInIcon,
  refund: RefundIcon,
  transfer: TransferIcon,
  audit: AuditIcon,
  email: EmailIcon,
};

/** The booking's timeline (`GET /bookings/{id}/timeline`) as a vertical list: time, icon, kind, summary. Reloads when the record or {@link TIMELINE_CHANGED} says so. */
const Timeline = () => {
  const r = useRecordContext();
  const [entries, setEntries] = useState<TimelineEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = r ? String(r.id) : '';
  // `updatedAt` is not on the record, so key on what a refresh changes: status and tickets.
  const version = r ? `${r.status}|${JSON.stringify(r.tickets ?? [])}|${JSON.stringify(r.payment ?? {})}` : '';
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!id) return;
    let live = true;
    fetchBookingTimeline(id).then(
      (e) => live && (setEntries(e), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [id, version, tick]);
  useEffect(() => {
    // An action on this page (resend) changes the timeline but not the record: it says so.
    const reload = () => setTick((n) => n + 1);
    window.addEventListener(TIMELINE_CHANGED, reload);
    return () => window.removeEventListener(TIMELINE_CHANGED, reload);
  }, []);
  if (!r) return null;
  return (
    <CardContent>
      <Typography variant="h6">Timeline</Typography>
      {error && <Typography color="error">{error}</Typography>}
      {entries === null && !error && <Typography color="text.secondary">Loading…</Typography>}
      <Stack component="ol" aria-label="Timeline" spacing={0} sx={{ listStyle: 'none', p: 0, m: 0, mt: 1 }}>
        {(entries ?? []).map((e, i) => {
          const Icon = KIND_ICONS[e.kind.split('.')[0]!] ?? AuditIcon;
          return (
            <Stack
              component="li"
              key={i}
              direction="row"
              spacing={2}
              data-kind={e.kind}
              sx={{ py: 0.75, borderLeft: 2, borderColor: 'divider', pl: 2, position: 'relative' }}
            >
              <Typography variant="body2" color="text.secondary" sx={{ minWidth: 170, fontVariantNumeric: 'tabular-nums' }}>
                {formatDate(e.at)}
              </Typography>
              <Icon fontSize="small" color={e.kind.endsWith('failed') || e.kind.endsWith('refused') ? 'error' : 'action'} aria-hidden />
              <Typography variant="body2" sx={{ minWidth: 150, fontFamily: 'monospace' }}>
                {e.kind}
              </Typography>
              <Typography variant="body2">{e.summary}</Typography>
            </Stack>
          );
        })}
      </Stack>
    </CardContent>
  );
};

export const BookingShow = () => (
  <Show actions={<BookingActions />} component={Card}>
    <Detail />
    <Timeline />
  </Show>
);
