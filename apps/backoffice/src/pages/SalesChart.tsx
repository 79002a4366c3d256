import { Card, CardContent, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, type Ok } from '../api/client';
import { formatMoney } from '../ui';

type Sales = Ok<'/api/v1/events/{id}/sales', 'get'>;
type Interval = 'hour' | 'day';

const COLOURS = ['#1976d2', '#9c27b0', '#2e7d32', '#ed6c02', '#0288d1', '#d32f2f'];

/** Minor units to major ones with the currency's decimals (for the revenue axis). */
const major = (minor: number, currency: string) =>
  minor / 10 ** (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2);

/** Buckets are UTC: label them in UTC so a day bar is that UTC day. */
const label = (start: string, interval: Interval) =>
  interval === 'day'
    ? new Date(start).toLocaleDateString('en-GB', { day: '2-digit', month: 'short', timeZone: 'UTC' })
    : new Date(start).toLocaleString('en-GB', { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** One event's sales over time from `GET /events/{id}/sales`: seats per ticket type (stacked bars) and revenue (line). */
export const SalesChart = ({ eventId }: { eventId: string }) => {
  const [interval, setBucket] = useState<Interval>('day');
  const [sales, setSales] = useState<Sales | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stop = false;
    void api.GET('/api/v1/events/{id}/sales', { params: { path: { id: eventId }, query: { interval } } }).then(({ data, error: problem }) => {
      if (stop) return;
      setSales(data ?? null);
      setError(problem ? ((problem as { detail?: string }).detail ?? 'Could not load the sales.') : null);
    });
    return () => {
      stop = true;
    };
  }, [eventId, interval]);
  const rows = (sales?.buckets ?? []).map((b) => ({
    label: label(b.start, interval),
    revenue: major(b.revenue, sales!.currency),
    ...Object.fromEntries(b.ticketTypes.map((t) => [t.ticketTypeId, t.tickets])),
  }));
  return (
    <Card sx={{ mb: 2 }} aria-label="Sales over time">
      <CardContent>
        <Stack direction="row" alignItems="center" justifyContent="space-between" sx={{ mb: 1 }}>
          <Typography variant="subtitle1">Sales over time (UTC)</Typography>
          <ToggleButtonGroup size="small" exclusive value={interval} onChange={(_e, v: Interval | null) => v && setBucket(v)} aria-label="Bucket">
            <ToggleButton value="day">By day</ToggleButton>
            <ToggleButton value="hour">By hour</ToggleButton>
          </ToggleButtonGroup>
        </Stack>
        {error && <Typography color="error">{error}</Typography>}
        {sales && (
          <>
            <Stack direction="row" spacing={4} sx={{ mb: 1 }}>
              <Typography variant="body2" data-testid="sales-bookings">
                Bookings: {sales.totals.bookings}
              </Typography>
              <Typography variant="body2" data-testid="sales-tickets">
                Tickets: {sales.totals.tickets}
              </Typography>
              <Typography variant="body2" data-testid="sales-revenue">
                Revenue: {formatMoney(sales.totals.revenue, sales.currency)}
              </Typography>
              <Typography variant="body2">Refunded: {formatMoney(sales.totals.refunded, sales.currency)}</Typography>
            </Stack>
            <ResponsiveContainer width="100%" height={260}>
              <ComposedChart data={rows}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="label" minTickGap={16} />
                <YAxis yAxisId="seats" allowDecimals={false} label={{ value: 'Tickets', angle: -90, position: 'insideLeft' }} />
                <YAxis yAxisId="money" orientation="right" label={{ value: sales.currency, angle: 90, position: 'insideRight' }} />
                <Tooltip />
                <Legend />
                {sales.ticketTypes.map((t, i) => (
                  <Bar
                    key={t.ticketTypeId}
                    yAxisId="seats"
                    stackId="seats"
                    dataKey={t.ticketTypeId}
                    name={t.name}
                    fill={COLOURS[i % COLOURS.length]}
                    isAnimationActive={false}
                  />
                ))}
                <Line
                  yAxisId="money"
                  type="monotone"
                  dataKey="revenue"
                  name={`Revenue (${sales.currency})`}
                  stroke="#2e7d32"
                  dot={rows.length <= 48}
                  isAnimationActive={false}
                />
              </ComposedChart>
            </ResponsiveContainer>
          </>
        )}
      </CardContent>
    </Card>
  );
};
