import { Alert, Box, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import {
  Button,
  Datagrid,
  List,
  ReferenceField,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useListContext,
  useNotify,
  useRecordContext,
} from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, type Ok } from '../api/client';
import { DateField, StatusField } from '../ui';
import { EventInput } from './bookings';
import { useDeviceNames } from './scannerDevices';

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

/** The empty list's hint: choose an event first, or nothing matches. */
const NoRows = ({ what }: { what: string }) => {
  const { filterValues } = useListContext();
  return (
    <Alert severity="info" sx={{ m: 2 }}>
      {filterValues.eventId ? `No ${what} match these filters.` : 'Choose an event.'}
    </Alert>
  );
};

export const AttendeeList = () => (
  <List
    filters={[
      <EventInput key="e" alwaysOn />,
      <TextInput key="q" source="q" label="Name, e-mail or code" alwaysOn />,
      <SelectInput
        key="s"
        source="status"
        alwaysOn
        emptyText="Current (valid, checked in)"
        choices={['valid', 'checked_in', 'cancelled', 'refunded', 'transferred'].map((s) => ({ id: s, name: s.replace('_', ' ') }))}
      />,
    ]}
    actions={
      <TopToolbar>
        <ExportCsv />
      </TopToolbar>
    }
    empty={false}
  >
    <Datagrid bulkActionButtons={false} rowClick={(_id, _r, record) => `/bookings/${record.bookingId}/show`} empty={<NoRows what="attendees" />}>
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

/**
 * Live numbers for the chosen event, polled every `interval` ms (10 s): valid, checked in, inside
 * now, per hour and per gate (entries and exits; scans without a gate under "(no gate)").
 */
export const LiveAttendance = ({ eventId, interval = 10_000 }: { eventId: string; interval?: number }) => {
  const [data, setData] = useState<Attendance | null>(null);
  useEffect(() => {
    let stop = false;
    setData(null);
    const load = () => api.GET('/api/v1/events/{id}/attendance', { params: { path: { id: eventId } } }).then(({ data: d }) => !stop && d && setData(d));
    void load();
    const timer = setInterval(load, interval);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [eventId, interval]);
  if (!data) return null;
  const gates = data.gates.map((g) => ({ ...g, gate: g.gate ?? '(no gate)' }));
  const hours = data.byHour.map((h) => ({
    hour: new Date(h.hour).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }),
    checkedIn: h.checkedIn,
  }));
  return (
    <Card sx={{ mb: 2 }} aria-label="Live attendance">
      <CardContent>
        <Stack direction="row" spacing={4} sx={{ mb: 2 }}>
          <Stat label="Valid tickets" value={data.valid} />
          <Stat label="Checked in" value={data.checkedIn} />
          <Stat label="Not yet in" value={data.notYetIn} />
          <Stat label="Inside now" value={data.inside} />
        </Stack>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} alignItems="flex-start">
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Typography variant="subtitle2">Check-ins per hour</Typography>
            <ResponsiveContainer width="100%" height={180}>
              <BarChart data={hours}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="hour" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="checkedIn" name="Check-ins" fill="#1976d2" maxBarSize={48} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </Box>
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Typography variant="subtitle2">By gate</Typography>
            {gates.length === 0 ? (
              <Typography color="text.secondary" sx={{ mt: 1 }}>
                No scans yet.
              </Typography>
            ) : (
              <Stack direction="row" spacing={2} alignItems="flex-start">
                <Table size="small" aria-label="Gates" sx={{ width: 'auto' }}>
                  <TableHead>
                    <TableRow>
                      <TableCell>Gate</TableCell>
                      <TableCell align="right">Entries</TableCell>
                      <TableCell align="right">Exits</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {gates.map((g) => (
                      <TableRow key={g.gate}>
                        <TableCell sx={{ whiteSpace: 'nowrap' }}>{g.gate}</TableCell>
                        <TableCell align="right">{g.entries}</TableCell>
                        <TableCell align="right">{g.exits}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                <ResponsiveContainer width="100%" height={180}>
                  <BarChart data={gates}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="gate" />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Legend />
                    <Bar dataKey="entries" name="Entries" fill="#2e7d32" maxBarSize={48} isAnimationActive={false} />
                    <Bar dataKey="exits" name="Exits" fill="#ed6c02" maxBarSize={48} isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </Stack>
            )}
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
};

export const Stat = ({ label, value }: { label: string; value: string | number }) => (
  <div>
    <Typography variant="overline" color="text.secondary">
      {label}
    </Typography>
    <Typography variant="h5" data-testid={`stat-${label}`}>
      {value}
    </Typography>
  </div>
);

const CheckInHeader = () => {
  const { filterValues } = useListContext();
  return filterValues.eventId ? <LiveAttendance eventId={String(filterValues.eventId)} /> : null;
};

const RESULTS = ['ok', 'already_checked_in', 'invalid', 'wrong_event', 'cancelled', 'refunded', 'transferred', 'unpaid', 'event_not_open', 'not_inside'].map(
  (s) => ({ id: s, name: s.replace(/_/g, ' ') }),
);

/** What was scanned, short: the human code (typed, or inside a T2 payload), else the payload's start. */
const ScannedCode = (_: { label?: string }) => {
  const record = useRecordContext();
  const raw = String(record?.code ?? '');
  const human = /TKT-\d{8}-[0-9A-Z]{8}/.exec(raw)?.[0];
  const text = human ?? (raw.length > 24 ? `${raw.slice(0, 24)}…` : raw);
  return (
    <span title={raw} style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
      {text}
    </span>
  );
};

/** Who scanned: a paired device by its name (or id when it is not listed), else the staff user. */
const ScannedBy = (_: { label?: string }) => {
  const record = useRecordContext();
  const { filterValues } = useListContext();
  const names = useDeviceNames(filterValues.eventId as string | undefined);
  if (!record) return null;
  if (record.scannerDeviceId) {
    return (
      <span title={`Scanner device ${record.scannerDeviceId}`}>
        {names.get(record.scannerDeviceId) ?? `device ${String(record.scannerDeviceId).slice(0, 8)}`}
      </span>
    );
  }
  // A staff account's scan: the user, and the app's own device label when it sent one.
  const label = record.deviceId ? <span style={{ color: 'gray' }}> · {record.deviceId}</span> : null;
  if (!record.scannerId) return <span>{record.deviceId ?? '—'}</span>;
  return (
    <span>
      <ReferenceField source="scannerId" reference="users" link={false}>
        <TextField source="name" />
      </ReferenceField>
      {label}
    </span>
  );
};

/** The scan log (newest first), refreshed every 10 s, with live attendance on top. */
export const CheckInList = () => (
  <List
    filters={[<EventInput key="e" alwaysOn />, <SelectInput key="r" source="result" choices={RESULTS} alwaysOn />]}
    queryOptions={{ refetchInterval: 10_000 }}
    empty={false}
  >
    <CheckInHeader />
    <Datagrid bulkActionButtons={false} rowClick={false} empty={<NoRows what="scans" />}>
      <DateField source="scannedAt" label="Scanned" />
      <StatusField source="result" />
      <StatusField source="direction" />
      <ScannedCode label="Code" />
      <TextField source="gate" sortable={false} emptyText="—" />
      <ScannedBy label="Scanned by" />
    </Datagrid>
  </List>
);
