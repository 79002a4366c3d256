import {
  Box,
  Button as MuiButton,
  Card,
  CardContent,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import {
  Confirm,
  Create,
  Datagrid,
  DateTimeInput,
  Edit,
  EditButton,
  List,
  NumberInput,
  SelectInput,
  Show,
  SimpleForm,
  TextField,
  TextInput,
  TopToolbar,
  required,
  useNotify,
  useRecordContext,
  useRefresh,
  Button,
  Link,
  Pagination,
  ShowButton,
} from 'react-admin';
import { api } from '../api/client';
import { unwrap } from '../dataProvider';
import { DateField, IfAllowed, StatusField, formatMoney, useIsAdmin } from '../ui';

export const EVENT_STATUSES = ['draft', 'published', 'cancelled', 'completed'].map((s) => ({ id: s, name: s }));

const filters = [<TextInput key="q" source="q" label="Search" alwaysOn />, <SelectInput key="status" source="status" choices={EVENT_STATUSES} alwaysOn />];

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
    <CardContent>
      <TicketTypesSection />
    </CardContent>
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
          <Button
            label="Publish"
            variant="contained"
            onClick={() => run(() => unwrap(api.POST('/api/v1/events/{id}/publish', { params: { path: { id } } })), 'Event published')}
          />
        )}
        {(record.status === 'draft' || record.status === 'published') && <Button label="Cancel event" color="error" onClick={() => setConfirmCancel(true)} />}
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
  reentry: boolean;
}

const REENTRY_LABEL = 'Re-entry allowed: a ticket can go out and in again';

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
      const body = { name, price: toMinor(price, currency), quantity: Number(quantity), maxPerBooking: Number(maxPerBooking), reentry };
      await unwrap(api.POST('/api/v1/events/{id}/ticket-types', { params: { path: { id: eventId } }, body }));
      setName('');
      setReentry(false);
    }, 'Ticket type added');
  return (
    <Stack
      spacing={1}
      sx={{ mt: 2 }}
      component="form"
      aria-label="New ticket type"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <Stack direction="row" spacing={1}>
        <MuiTextField size="small" label="Ticket type name" value={name} onChange={(e) => setName(e.target.value)} required sx={{ flex: 2 }} />
        <MuiTextField
          size="small"
          label={`Price (${currency})`}
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          type="number"
          inputProps={{ step: '0.01', min: 0 }}
          sx={{ flex: 1 }}
        />
        <MuiTextField size="small" label="Quantity" value={quantity} onChange={(e) => setQuantity(e.target.value)} type="number" sx={{ flex: 1 }} />
        <MuiTextField size="small" label="Max per booking" value={maxPerBooking} onChange={(e) => setMax(e.target.value)} type="number" sx={{ flex: 1 }} />
      </Stack>
      <Stack direction="row" spacing={2} alignItems="center">
        <FormControlLabel control={<Checkbox checked={reentry} onChange={(e) => setReentry(e.target.checked)} />} label={REENTRY_LABEL} />
        <MuiButton type="submit" variant="outlined">
          Add ticket type
        </MuiButton>
      </Stack>
    </Stack>
  );
};

/** Decimals of a currency (ISO 4217), for typing prices in major units. */
const decimals = (currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
const toMinor = (major: string, currency: string) => Math.round(Number(major) * 10 ** decimals(currency));
const toMajor = (minor: number, currency: string) => String(minor / 10 ** decimals(currency));

/** Changes a ticket type (PATCH: only what changed is sent); re-entry can be switched on or off. */
const EditTicketType = ({ eventId, type }: { eventId: string; type: TicketType }) => {
  const run = useAction();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(type.name);
  const [price, setPrice] = useState(toMajor(type.price, type.currency));
  const [quantity, setQuantity] = useState(String(type.quantity));
  const [maxPerBooking, setMax] = useState(String(type.maxPerBooking));
  const [reentry, setReentry] = useState(type.reentry);
  const start = () => {
    setName(type.name);
    setPrice(toMajor(type.price, type.currency));
    setQuantity(String(type.quantity));
    setMax(String(type.maxPerBooking));
    setReentry(type.reentry);
    setOpen(true);
  };
  const save = () =>
    run(async () => {
      const next = { name: name.trim(), price: toMinor(price, type.currency), quantity: Number(quantity), maxPerBooking: Number(maxPerBooking), reentry };
      const body = Object.fromEntries(Object.entries(next).filter(([k, v]) => type[k as keyof TicketType] !== v));
      if (Object.keys(body).length > 0) {
        await unwrap(api.PATCH('/api/v1/events/{id}/ticket-types/{ticketTypeId}', { params: { path: { id: eventId, ticketTypeId: type.id } }, body }));
      }
      setOpen(false);
    }, `${type.name} saved`);
  return (
    <>
      <MuiButton size="small" onClick={start} aria-label={`Edit ${type.name}`}>
        Edit
      </MuiButton>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby={`edit-type-${type.id}`}>
        <DialogTitle id={`edit-type-${type.id}`}>Ticket type “{type.name}”</DialogTitle>
        <DialogContent>
          <Stack
            spacing={2}
            sx={{ mt: 1 }}
            component="form"
            id={`type-form-${type.id}`}
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <MuiTextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required />
            <MuiTextField
              label={`Price (${type.currency})`}
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              type="number"
              inputProps={{ step: '0.01', min: 0 }}
              helperText="Applies to bookings made from now on"
            />
            <MuiTextField
              label="Quantity"
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
              type="number"
              helperText="Not below the seats sold and held"
            />
            <MuiTextField label="Max per booking" value={maxPerBooking} onChange={(e) => setMax(e.target.value)} type="number" />
            <FormControlLabel control={<Checkbox checked={reentry} onChange={(e) => setReentry(e.target.checked)} />} label={REENTRY_LABEL} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setOpen(false)}>Cancel</MuiButton>
          <MuiButton type="submit" form={`type-form-${type.id}`} variant="contained">
            Save ticket type
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
};

const PaymentQr = ({ eventId }: { eventId: string }) => {
  const run = useAction();
  const [version, setVersion] = useState(0);
  const upload = (file: File) =>
    run(async () => {
      const form = new FormData();
      form.append('file', file);
      await unwrap(
        api.PUT('/api/v1/events/{id}/payment-qr', { params: { path: { id: eventId } }, body: form as never, bodySerializer: (b) => b as unknown as FormData }),
      );
      setVersion((v) => v + 1);
    }, 'Payment QR uploaded');
  return (
    <Box sx={{ mt: 3 }}>
      <Typography variant="subtitle1">Manual payment QR</Typography>
      <Stack direction="row" spacing={2} alignItems="center">
        <img
          src={`${window.location.origin}/api/v1/events/${eventId}/payment-qr?v=${version}`}
          alt="Payment QR"
          style={{ maxHeight: 96 }}
          onError={(e) => ((e.target as HTMLImageElement).style.display = 'none')}
        />
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

/** The event's ticket types; admins add and change them (not on a cancelled or completed event). */
const TicketTypesSection = () => {
  const record = useRecordContext();
  const isAdmin = useIsAdmin();
  if (!record) return null;
  const types = (record.ticketTypes ?? []) as TicketType[];
  const editable = record.status !== 'cancelled' && record.status !== 'completed';
  return (
    <>
      <Typography variant="h6" sx={{ mt: 3 }}>
        Ticket types
      </Typography>
      <Table size="small" aria-label="Ticket types">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell align="right">Price</TableCell>
            <TableCell align="right">Quantity</TableCell>
            <TableCell align="right">Available</TableCell>
            <TableCell align="right">Max per booking</TableCell>
            <TableCell>Re-entry</TableCell>
            <TableCell>On sale</TableCell>
            {isAdmin && <TableCell />}
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
              {isAdmin && <TableCell>{editable && <EditTicketType eventId={String(record.id)} type={t} />}</TableCell>}
            </TableRow>
          ))}
          {types.length === 0 && (
            <TableRow>
              <TableCell colSpan={8}>No ticket types yet.</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      {editable && isAdmin && <TicketTypeForm eventId={String(record.id)} currency={record.currency} />}
    </>
  );
};

const EventDetail = () => {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <CardContent>
      <Typography variant="h5">{record.title}</Typography>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ my: 1 }}>
        <StatusField source="status" />
        <Typography color="text.secondary">
          {record.venue} · <DateField source="startsAt" /> – <DateField source="endsAt" /> ({record.timezone})
        </Typography>
      </Stack>
      <Typography color="text.secondary">
        Capacity {record.capacity} · {record.available} available · at most {record.maxPerBuyer} per buyer
      </Typography>
      <TicketTypesSection />
      <PaymentQr eventId={String(record.id)} />
      <Stack direction="row" spacing={1} sx={{ mt: 3 }}>
        <MuiButton component={Link} to={`/attendees?filter=${encodeURIComponent(JSON.stringify({ eventId: record.id }))}`}>
          Attendees
        </MuiButton>
        <MuiButton component={Link} to={`/check-ins?filter=${encodeURIComponent(JSON.stringify({ eventId: record.id }))}`}>
          Check-in log
        </MuiButton>
        <MuiButton component={Link} to={`/scanner-devices?filter=${encodeURIComponent(JSON.stringify({ eventId: record.id }))}`}>
          Scanner devices
        </MuiButton>
        <MuiButton component={Link} to={`/bookings?filter=${encodeURIComponent(JSON.stringify({ eventId: record.id }))}`}>
          Bookings
        </MuiButton>
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
