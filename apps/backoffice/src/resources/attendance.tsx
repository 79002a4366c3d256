import { Alert, Card, CardContent, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Button, Datagrid, List, SelectInput, TextField, TextInput, TopToolbar, useListContext, useNotify } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, type Ok } from '../api/client';
import { DateField, StatusField } from '../ui';
import { EventInput } from './bookings';

type Attendance = Ok<'/api/v1/events/{id}/attendance', 'get'>;

/** Downloads the attendee CSV (`?format=csv`) with the bearer token, as a file. */
const ExportCsv = () => {
  const { filterValues } = useListContext();
  const notify = useNotify();
  const eventId = filterValues.eventId as string | undefined;
  if (!eventId) return null;
  const download = async () => {
    const { data, response } = await api.GET('/api/v1/events/{id}/attendees', {
      params: { path: { id: eventId }, query: { format: 'csv' } as never },
      headers: { Accept: 'text/csv' },
      parseAs: 'blob',
    });
    if (!response.ok || !data) return notify('Export failed', { type: 'error' });
    const url = URL.createObjectURL(data as Blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `attendees-${eventId}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return <Button label="Export CSV" onClick={download} />;
};

const CHOOSE = <Alert severity="info" sx={{ m: 2 }}>Choose an event.</Alert>;

export const AttendeeList = () => (
  <List
    filters={[<EventInput key="e" alwaysOn />, <TextInput key="q" source="q" label="Name, e-mail or code" alwaysOn />, <SelectInput key="s" source="status" alwaysOn choices={['valid', 'checked_in', 'cancelled', 'refunded', 'transferred'].map((s) => ({ id: s, name: s.replace('_', ' ') }))} />]}
    actions={<TopToolbar><ExportCsv /></TopToolbar>}
    empty={false}
  >
    <Datagrid bulkActionButtons={false} rowClick={(_id, _r, record) => `/bookings/${record.bookingId}/show`} empty={CHOOSE}>
      <TextField source="code" sortable={false} sx={{ fontFamily: 'monospace' }} />
      <TextField source="holderName" label="Holder" sortable={false} emptyText="—" />
      <TextField source="holderPhone" label="Holder phone" sortable={false} emptyText="—" />
      <TextField source="ticketTypeName" label="Type" sortable={false} />
      <TextField source="buyerEmail" label="Buyer" sortable={false} />
      <TextField source="buyerPhone" label="Buyer phone" sortable={false} emptyText="—" />
      <StatusField source="status" />
      <DateField source="checkedInAt" label="Checked in" />
      <TextField source="checkedInGate" label="Gate" sortable={false} emptyText="—" />
    </Datagrid>
  </List>
);

/** Live numbers for the chosen event, polled every 5 s. */
export const LiveAttendance = ({ eventId, interval = 5000 }: { eventId: string; interval?: number }) => {
  const [data, setData] = useState<Attendance | null>(null);
  useEffect(() => {
    let stop = false;
    const load = () => api.GET('/api/v1/events/{id}/attendance', { params: { path: { id: eventId } } }).then(({ data: d }) => !stop && d && setData(d));
    void load();
    const timer = setInterval(load, interval);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [eventId, interval]);
  if (!data) return null;
  const gates = ((data as { gates?: { gate: string | null; entries: number; exits: number }[] }).gates ?? []).map((g) => ({ ...g, gate: g.gate ?? '(none)' }));
  const hours = data.byHour.map((h) => ({ hour: new Date(h.hour).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }), checkedIn: h.checkedIn }));
  const inside = (data as { inside?: number }).inside;
  return (
    <Card sx={{ mb: 2 }} aria-label="Live attendance">
      <CardContent>
        <Stack direction="row" spacing={4} sx={{ mb: 2 }}>
          <Stat label="Valid tickets" value={data.valid} />
          <Stat label="Checked in" value={data.checkedIn} />
          <Stat label="Not yet in" value={data.notYetIn} />
          {inside !== undefined && <Stat label="Inside now" value={inside} />}
        </Stack>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
          <ResponsiveContainer width="100%" height={180}>
            <BarChart data={hours}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="hour" /><YAxis allowDecimals={false} /><Tooltip /><Bar dataKey="checkedIn" name="Check-ins per hour" fill="#1976d2" /></BarChart>
          </ResponsiveContainer>
          {gates.length > 0 && (
            <ResponsiveContainer width="100%" height={180}>
              <BarChart data={gates}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="gate" /><YAxis allowDecimals={false} /><Tooltip /><Legend /><Bar dataKey="entries" fill="#2e7d32" /><Bar dataKey="exits" fill="#ed6c02" /></BarChart>
            </ResponsiveContainer>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};

export const Stat = ({ label, value }: { label: string; value: string | number }) => (
  <div>
    <Typography variant="overline" color="text.secondary">{label}</Typography>
    <Typography variant="h5" data-testid={`stat-${label}`}>{value}</Typography>
  </div>
);

const CheckInHeader = () => {
  const { filterValues } = useListContext();
  return filterValues.eventId ? <LiveAttendance eventId={String(filterValues.eventId)} /> : null;
};

const RESULTS = ['ok', 'already_checked_in', 'invalid', 'wrong_event', 'cancelled', 'refunded', 'transferred', 'unpaid', 'event_not_open', 'not_inside'].map((s) => ({ id: s, name: s.replace(/_/g, ' ') }));

/** The scan log (newest first), refreshed every 10 s, with live attendance on top. */
export const CheckInList = () => (
  <List filters={[<EventInput key="e" alwaysOn />, <SelectInput key="r" source="result" choices={RESULTS} alwaysOn />]} aside={undefined} queryOptions={{ refetchInterval: 10_000 }} empty={false}>
    <CheckInHeader />
    <Datagrid bulkActionButtons={false} rowClick={false} empty={CHOOSE}>
      <DateField source="scannedAt" label="Scanned" />
      <StatusField source="result" />
      <TextField source="code" sortable={false} sx={{ fontFamily: 'monospace' }} />
      <TextField source="gate" sortable={false} emptyText="—" />
      <TextField source="deviceId" label="Device" sortable={false} emptyText="—" />
      <TextField source="direction" sortable={false} emptyText="entry" />
    </Datagrid>
  </List>
);
