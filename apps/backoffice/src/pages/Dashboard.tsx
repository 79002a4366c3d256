import { Alert, Box, Card, CardContent, Grid, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Title, useGetList } from 'react-admin';
import { api, type Ok } from '../api/client';
import { LiveAttendance } from '../resources/attendance';
import { formatMoney } from '../ui';
import { SalesChart } from './SalesChart';

type EventStats = Ok<'/api/v1/events/{id}/stats', 'get'>;
type Overview = Ok<'/api/v1/stats/overview', 'get'>;

const Tile = ({ label, value, testId }: { label: string; value: string | number; testId?: string }) => (
  <Card variant="outlined" sx={{ height: '100%' }}>
    <CardContent>
      <Typography variant="overline" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h4" data-testid={testId}>
        {value}
      </Typography>
    </CardContent>
  </Card>
);

/** One event's numbers from `GET /events/{id}/stats`. */
const EventTiles = ({ eventId }: { eventId: string }) => {
  const [st, setSt] = useState<EventStats | null>(null);
  useEffect(() => {
    void api.GET('/api/v1/events/{id}/stats', { params: { path: { id: eventId } } }).then(({ data }) => setSt(data ?? null));
  }, [eventId]);
  if (!st) return null;
  return (
    <Grid container spacing={2} sx={{ mb: 2 }}>
      <Grid size={{ xs: 6, md: 3 }}>
        <Tile label="Tickets sold" value={st.sold} testId="event-sold" />
      </Grid>
      <Grid size={{ xs: 6, md: 3 }}>
        <Tile label="Held" value={st.held} />
      </Grid>
      <Grid size={{ xs: 6, md: 3 }}>
        <Tile label="Revenue" value={formatMoney(st.revenue, st.currency)} testId="event-revenue" />
      </Grid>
      <Grid size={{ xs: 6, md: 3 }}>
        <Tile label="Refunded" value={formatMoney(st.refunded, st.currency)} />
      </Grid>
    </Grid>
  );
};

/** Totals across events from `GET /stats/overview`, refreshed every 30 s. */
const OverviewTiles = () => {
  const [o, setO] = useState<Overview | null>(null);
  useEffect(() => {
    let stop = false;
    const load = () => api.GET('/api/v1/stats/overview').then(({ data }) => !stop && data && setO(data));
    void load();
    const timer = setInterval(load, 30_000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, []);
  if (!o) return null;
  const tile = (label: string, value: string | number, testId: string) => (
    <Grid key={testId} size={{ xs: 6, md: 3 }}>
      <Tile label={label} value={value} testId={testId} />
    </Grid>
  );
  return (
    <Box aria-label="Overview">
      <Typography variant="h6" sx={{ mb: 1 }}>
        All events
      </Typography>
      <Grid container spacing={2}>
        {tile('Events on sale', `${o.events.published} / ${o.events.total}`, 'overview-events')}
        {tile('Confirmed bookings', o.bookings.confirmed + o.bookings.partiallyRefunded, 'overview-bookings')}
        {tile('Tickets sold', o.ticketsSold, 'overview-sold')}
        {tile('Checked in', o.ticketsCheckedIn, 'overview-checked-in')}
        {o.money.map((m) => tile(`Revenue ${m.currency}`, formatMoney(m.revenue, m.currency), `overview-revenue-${m.currency}`))}
        {o.money.map((m) => tile(`Refunded ${m.currency}`, formatMoney(m.refunded, m.currency), `overview-refunded-${m.currency}`))}
        {tile('Payments to review', o.paymentsAwaitingReview, 'overview-awaiting-review')}
        {tile('Refunds to decide', o.refundsPending, 'overview-refunds-pending')}
      </Grid>
    </Box>
  );
};

/** Totals across events, then one event's numbers, sales over time and check-ins (by hour and gate), polled live. */
export const Dashboard = () => {
  const { data: events = [] } = useGetList('events', { filter: { status: 'published' }, pagination: { page: 1, perPage: 50 } });
  const [eventId, setEventId] = useState<string>('');
  const chosen = events.find((e) => e.id === eventId) ?? events[0];
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Dashboard" />
      <OverviewTiles />
      <Stack direction="row" alignItems="center" spacing={2} sx={{ mt: 3, mb: 1 }}>
        <Typography variant="h6">Event</Typography>
        {events.length > 0 && (
          <TextField select size="small" value={chosen?.id ?? ''} onChange={(e) => setEventId(e.target.value)} sx={{ minWidth: 280 }} label="Published event">
            {events.map((e) => (
              <MenuItem key={e.id} value={String(e.id)}>
                {e.title}
              </MenuItem>
            ))}
          </TextField>
        )}
      </Stack>
      {!chosen && <Alert severity="info">No published event yet.</Alert>}
      {chosen && (
        <Grid container spacing={2}>
          <Grid size={{ xs: 12 }}>
            <EventTiles eventId={String(chosen.id)} />
          </Grid>
          <Grid size={{ xs: 12 }}>
            <SalesChart eventId={String(chosen.id)} />
          </Grid>
          <Grid size={{ xs: 12 }}>
            <LiveAttendance eventId={String(chosen.id)} interval={10_000} />
          </Grid>
        </Grid>
      )}
    </Box>
  );
};
