import { Box, Button as MuiButton, Card, CardContent, Checkbox, FormControlLabel, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField as MuiTextField, Typography } from '@mui/material';
import { useState } from 'react';
import {
  Confirm, Create, Datagrid, DateTimeInput, Edit, EditButton, List, NumberInput, SelectInput, Show, SimpleForm, TextField, TextInput, TopToolbar,
  required, useNotify, useRecordContext, useRefresh, Button, Link, Pagination, ShowButton,
} from 'react-admin';
import { api } from '../api/client';
import { unwrap } from '../dataProvider';
import { DateField, IfAllowed, StatusField, formatMoney } from '../ui';

export const EVENT_STATUSES = ['draft', 'published', 'cancelled', 'completed'].map((s) => ({ id: s, name: s }));

const filters = [
  <TextInput key="q" source="q" label="Search" alwaysOn />,
  <SelectInput key="status" source="status" choices={EVENT_STATUSES} alwaysOn />,
];

export const EventList = () => (
  <List filters={filters} pagination={<Pagination rowsPerPageOptions={[10, 20, 50]} />} sort={{ field: 'startsAt', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="title" sortable={false} />
      <TextField source="venue" sortable={false} />
      <DateField source="startsAt" label="Starts" />
      <StatusField source="status" />
      <TextField source="capacity" sortable={false} />
      <TextField source="available" sortable={false} />
      <TextField source="currency" sortable={false} />
    </Datagrid>
  </List>
);

/** The API takes ISO strings; DateTimeInput gives local time, turned into UTC here. */
const toIso = (v: unknown) => (v ? new Date(String(v)).toISOString() : v);
const transform = (data: Record<string, unknown>) => ({ ...data, startsAt: toIso(data.startsAt), endsAt: toIso(data.endsAt) });

const EventFields = () => (
  <>
    <TextInput source="title" validate={required()} fullWidth />
    <TextInput source="description" multiline fullWidth />
    <TextInput source="venue" validate={required()} fullWidth />
    <Stack direction="row" spacing={2}>
      <DateTimeInput source="startsAt" label="Starts at" validate={required()} />
      <DateTimeInput source="endsAt" label="Ends at" validate={required()} />
    </Stack>
    <Stack direction="row" spacing={2}>
      <TextInput source="timezone" defaultValue="Africa/Lagos" validate={required()} />
      <NumberInput source="capacity" min={1} validate={required()} />
      <NumberInput source="maxPerBuyer" label="Seats per buyer" min={1} max={10000} helperText="Held plus bought by one customer, over all their bookings" />
      <TextInput source="currency" defaultValue="NGN" validate={required()} />
    </Stack>
  </>
);

export const EventCreate = () => (
  <Create transform={transform} redirect="show">
    <SimpleForm>
      <EventFields />
    </SimpleForm>
  </Create>
);

export const EventEdit = () => (
  <Edit transform={transform} mutationMode="pessimistic" redirect="show">
    <SimpleForm>
      <EventFields />
    </SimpleForm>
  </Edit>
);

function useAction() {
  const notify = useNotify();
  const refresh = useRefresh();
  return async (call: () => Promise<unknown>, done: string) => {
    try {
      await call();
      notify(done, { type: 'success' });
      refresh();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
}

const EventActions = () => {
  const record = useRecordContext();
  const run = useAction();
  const [confirmCancel, setConfirmCancel] = useState(false);
  if (!record) return null;
  const id = String(record.id);
  return (
    <TopToolbar>
      <IfAllowed resource="events">
        <EditButton />
        {record.status === 'draft' && (
          <Button label="Publish" variant="contained" onClick={() => run(() => unwrap(api.POST('/api/v1/events/{id}/publish', { params: { path: { id } } })), 'Event published')} />
        )}
        {(record.status === 'draft' || record.status === 'published') && (
          <Button label="Cancel event" color="error" onClick={() => setConfirmCancel(true)} />
        )}
        <Confirm
          isOpen={confirmCancel}
          title={`Cancel “${record.title}”?`}
          content="Pending bookings are cancelled, paid bookings refunded in full, and every ticket holder is e-mailed. This cannot be undone."
          confirm="Cancel the event"
          cancel="Keep it"
          onConfirm={async () => {
            setConfirmCancel(false);
            await run(() => unwrap(api.POST('/api/v1/events/{id}/cancel', { params: { path: { id } } })), 'Event cancelled');
          }}
          onClose={() => setConfirmCancel(false)}
        />
      </IfAllowed>
    </TopToolbar>
  );
};

interface TicketType {
  id: string;
  name: string;
  price: number;
  currency: string;
  quantity: number;
  available: number;
  maxPerBooking: number;
  onSale: boolean;
  reentry?: boolean;
}

/** Adds a ticket type; the price is typed in major units and sent in minor units. */
const TicketTypeForm = ({ eventId, currency }: { eventId: string; currency: string }) => {
  const run = useAction();
  const [name, setName] = useState('');
  const [price, setPrice] = useState('0');
  const [quantity, setQuantity] = useState('100');
  const [maxPerBooking, setMax] = useState('10');
  const [reentry, setReentry] = useState(false);
  const add = () =>
    run(async () => {
      const body = { name, price: Math.round(Number(price) * 100), quantity: Number(quantity), maxPerBooking: Number(maxPerBooking), ...(reentry ? { reentry } : {}) };
      await unwrap(api.POST('/api/v1/events/{id}/ticket-types', { params: { path: { id: eventId } }, body: body as never }));
      setName('');
    }, 'Ticket type added');
  return (
    <Stack direction="row" spacing={1} alignItems="center" sx={{ mt: 2 }} component="form" aria-label="New ticket type" onSubmit={(e) => { e.preventDefault(); void add(); }}>
      <MuiTextField size="small" label="Ticket type name" value={name} onChange={(e) => setName(e.target.value)} required />
      <MuiTextField size="small" label={`Price (${currency})`} value={price} onChange={(e) => setPrice(e.target.value)} type="number" inputProps={{ step: '0.01', min: 0 }} />
      <MuiTextField size="small" label="Quantity" value={quantity} onChange={(e) => setQuantity(e.target.value)} type="number" />
      <MuiTextField size="small" label="Max per booking" value={maxPerBooking} onChange={(e) => setMax(e.target.value)} type="number" />
      <FormControlLabel control={<Checkbox checked={reentry} onChange={(e) => setReentry(e.target.checked)} />} label="Re-entry" />
      <MuiButton type="submit" variant="outlined">Add ticket type</MuiButton>
    </Stack>
  );
};

const PaymentQr = ({ eventId }: { eventId: string }) => {
  const run = useAction();
  const [version, setVersion] = useState(0);
  const upload = (file: File) =>
    run(async () => {
      const form = new FormData();
      form.append('file', file);
      await unwrap(api.PUT('/api/v1/events/{id}/payment-qr', { params: { path: { id: eventId } }, body: form as never, bodySerializer: (b) => b as unknown as FormData }));
      setVersion((v) => v + 1);
    }, 'Payment QR uploaded');
  return (
    <Box sx={{ mt: 3 }}>
      <Typography variant="subtitle1">Manual payment QR</Typography>
      <Stack direction="row" spacing={2} alignItems="center">
        <img src={`${window.location.origin}/api/v1/events/${eventId}/payment-qr?v=${version}`} alt="Payment QR" style={{ maxHeight: 96 }} onError={(e) => ((e.target as HTMLImageElement).style.display = 'none')} />
        <IfAllowed resource="events">
          <MuiButton variant="outlined" component="label">
            Upload QR image
            <input hidden type="file" accept="image/png,image/jpeg,image/webp" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} />
          </MuiButton>
        </IfAllowed>
      </Stack>
    </Box>
  );
};

const EventDetail = () => {
  const record = useRecordContext();
  if (!record) return null;
  const types = (record.ticketTypes ?? []) as TicketType[];
  return (
    <CardContent>
      <Typography variant="h5">{record.title}</Typography>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ my: 1 }}>
        <StatusField source="status" />
        <Typography color="text.secondary">{record.venue} · <DateField source="startsAt" /> – <DateField source="endsAt" /> ({record.timezone})</Typography>
      </Stack>
      <Typography color="text.secondary">Capacity {record.capacity} · {record.available} available · at most {record.maxPerBuyer} per buyer</Typography>
      <Typography variant="h6" sx={{ mt: 3 }}>Ticket types</Typography>
      <Table size="small" aria-label="Ticket types">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell><TableCell align="right">Price</TableCell><TableCell align="right">Quantity</TableCell>
            <TableCell align="right">Available</TableCell><TableCell align="right">Max per booking</TableCell><TableCell>Re-entry</TableCell><TableCell>On sale</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {types.map((t) => (
            <TableRow key={t.id}>
              <TableCell>{t.name}</TableCell>
              <TableCell align="right">{formatMoney(t.price, t.currency)}</TableCell>
              <TableCell align="right">{t.quantity}</TableCell>
              <TableCell align="right">{t.available}</TableCell>
              <TableCell align="right">{t.maxPerBooking}</TableCell>
              <TableCell>{t.reentry ? 'yes' : 'no'}</TableCell>
              <TableCell>{t.onSale ? 'yes' : 'no'}</TableCell>
            </TableRow>
          ))}
          {types.length === 0 && (
            <TableRow><TableCell colSpan={7}>No ticket types yet.</TableCell></TableRow>
          )}
        </TableBody>
      </Table>
      {record.status !== 'cancelled' && (
        <IfAllowed resource="events"><TicketTypeForm eventId={String(record.id)} currency={record.currency} /></IfAllowed>
      )}
      <PaymentQr eventId={String(record.id)} />
      <Stack direction="row" spacing={1} sx={{ mt: 3 }}>
        <MuiButton component={Link} to={`/attendees?filter=${encodeURIComponent(JSON.stringify({ eventId: record.id }))}`}>Attendees</MuiButton>
        <MuiButton component={Link} to={`/check-ins?filter=${encodeURIComponent(JSON.stringify({ eventId: record.id }))}`}>Check-in log</MuiButton>
        <MuiButton component={Link} to={`/bookings?filter=${encodeURIComponent(JSON.stringify({ eventId: record.id }))}`}>Bookings</MuiButton>
      </Stack>
    </CardContent>
  );
};

export const EventShow = () => (
  <Show actions={<EventActions />} component={Card}>
    <EventDetail />
  </Show>
);

export { ShowButton };
