import { Alert, Box, Button, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Title, useNotify } from 'react-admin';
import { api, type Ok, type Problem, problemMessage } from '../api/client';
import type { components } from '../api/schema';
import { formatMoney, useIsAdmin } from '../ui';

type Event = Ok<'/api/v1/events/{id}', 'get'>;
type Method = components['schemas']['BoxOfficeSaleRequest']['method'];

const METHODS: { value: Method; label: string }[] = [
  { value: 'cash', label: 'Cash' },
  { value: 'card_terminal', label: 'Card terminal' },
  { value: 'comp', label: 'Complimentary (free)' },
];

interface Form {
  eventId: string;
  quantities: Record<string, string>;
  name: string;
  email: string;
  phone: string;
  method: Method;
  note: string;
}

const EMPTY: Form = { eventId: '', quantities: {}, name: '', email: '', phone: '', method: 'cash', note: '' };

/**
 * The box office (`POST /box-office/sales`, admins): pick a published event, the quantities per
 * ticket type, the buyer and how they pay; the sale is confirmed at once and its booking opens.
 * One Idempotency-Key per filled-in form, so a double click or a retry after a lost answer sells once.
 */
export const BoxOfficePage = () => {
  const isAdmin = useIsAdmin();
  const notify = useNotify();
  const navigate = useNavigate();
  const [events, setEvents] = useState<Event[] | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // The list leaves ticket types out: the chosen event is read whole.
  const [event, setEvent] = useState<Event | null>(null);

  useEffect(() => {
    void api.GET('/api/v1/events', { params: { query: { status: 'published', limit: 100 } } }).then(({ data }) => setEvents((data?.data ?? []) as Event[]));
  }, []);

  useEffect(() => {
    setEvent(null);
    if (!form.eventId) return;
    void api.GET('/api/v1/events/{id}', { params: { path: { id: form.eventId } } }).then(({ data }) => setEvent(data ?? null));
  }, [form.eventId]);
  const items = useMemo(
    () =>
      (event?.ticketTypes ?? [])
        .map((t) => ({ ticketTypeId: t.id, quantity: Number(form.quantities[t.id] || 0) }))
        .filter((i) => Number.isInteger(i.quantity) && i.quantity > 0),
    [event, form.quantities],
  );
  const total = form.method === 'comp' ? 0 : items.reduce((n, i) => n + i.quantity * (event?.ticketTypes?.find((t) => t.id === i.ticketTypeId)?.price ?? 0), 0);
  // A changed form is a new sale: a new key.
  const edit = (patch: Partial<Form>) => {
    setForm({ ...form, ...patch });
    setKey(crypto.randomUUID());
    setErrors({});
  };

  const submit = async () => {
    setBusy(true);
    setErrors({});
    const body = {
      eventId: form.eventId,
      items,
      buyer: { name: form.name, email: form.email, ...(form.phone.trim() ? { phone: form.phone } : {}) },
      method: form.method,
      ...(form.note.trim() ? { note: form.note } : {}),
    };
    const { data, error } = await api.POST('/api/v1/box-office/sales', { body, params: { header: { 'Idempotency-Key': key } } });
    setBusy(false);
    if (!data) {
      const problem = error as Problem | undefined;
      setErrors(Object.fromEntries((problem?.errors ?? []).map((e) => [e.field, e.message])));
      notify(problemMessage(error, 'The sale failed'), { type: 'error' });
      return;
    }
    notify(`Sold: ${data.tickets.length} ticket(s), e-mailed to ${form.email}`, { type: 'success' });
    navigate(`/bookings/${data.id}/show`);
  };

  if (!isAdmin)
    return (
      <Alert severity="info" sx={{ mt: 2 }}>
        Only admins sell at the box office.
      </Alert>
    );
  if (!events) return <Typography color="text.secondary">Loading events…</Typography>;
  const field = (name: string, helper?: string) => ({ error: Boolean(errors[name]), helperText: errors[name] ?? helper });
  return (
    <Card sx={{ mt: 2, maxWidth: 720 }}>
      <Title title="Box office" />
      <CardContent>
        <Stack spacing={2}>
          <TextField
            select
            label="Event"
            value={form.eventId}
            onChange={(e) => edit({ eventId: e.target.value, quantities: {} })}
            {...field('eventId', 'Published events')}
            fullWidth
          >
            {events.map((e) => (
              <MenuItem key={e.id} value={e.id}>
                {e.title}
              </MenuItem>
            ))}
          </TextField>
          {event?.ticketTypes?.map((t, i) => (
            <TextField
              key={t.id}
              type="number"
              label={`${t.name} (${formatMoney(t.price, t.currency)}, ${t.available} left)`}
              value={form.quantities[t.id] ?? ''}
              onChange={(e) => edit({ quantities: { ...form.quantities, [t.id]: e.target.value } })}
              inputProps={{ min: 0, max: t.maxPerBooking, 'aria-label': `Quantity of ${t.name}` }}
              {...field(`items[${i}].quantity`)}
            />
          ))}
          {errors.items && <Alert severity="error">{errors.items}</Alert>}
          <TextField label="Buyer name" value={form.name} onChange={(e) => edit({ name: e.target.value })} {...field('buyer.name')} fullWidth />
          <TextField
            label="Buyer e-mail"
            value={form.email}
            onChange={(e) => edit({ email: e.target.value })}
            {...field('buyer.email', 'The tickets are e-mailed here; a new buyer gets an account to claim with this address')}
            fullWidth
          />
          <TextField
            label="Buyer phone"
            value={form.phone}
            onChange={(e) => edit({ phone: e.target.value })}
            {...field('buyer.phone', 'Optional, e.g. +2348012345678')}
            fullWidth
          />
          <TextField select label="Method" value={form.method} onChange={(e) => edit({ method: e.target.value as Method })} {...field('method')} fullWidth>
            {METHODS.map((m) => (
              <MenuItem key={m.value} value={m.value}>
                {m.label}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="Note"
            value={form.note}
            onChange={(e) => edit({ note: e.target.value })}
            {...field('note', form.method === 'comp' ? 'Required: why the tickets are given away (kept in the audit log)' : 'Optional, kept in the audit log')}
            multiline
            minRows={2}
            fullWidth
          />
          <Typography data-testid="box-office-total">Total to take: {formatMoney(total, event?.currency ?? 'NGN')}</Typography>
          <Box>
            <Button variant="contained" onClick={() => void submit()} disabled={busy || !event || items.length === 0}>
              {form.method === 'comp' ? 'Issue tickets' : 'Record sale'}
            </Button>
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
};
