import { bucketCount, bucketStart, MAX_SALES_BUCKETS, SalesInterval, salesRange } from './sales-stats.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const d = (s: string) => new Date(s);

describe('sales series range', () => {
  const event = { createdAt: d('2026-11-01T10:20:00Z'), endsAt: d('2026-12-20T23:00:00Z') };
  const now = d('2026-12-02T13:30:00Z');

  it('buckets on UTC hours and days', () => {
    expect(bucketStart(d('2026-11-30T09:15:42.123Z'), SalesInterval.Hour)).toEqual(d('2026-11-30T09:00:00Z'));
    expect(bucketStart(d('2026-11-30T23:59:59.999Z'), SalesInterval.Day)).toEqual(d('2026-11-30T00:00:00Z'));
    expect(bucketCount(d('2026-11-30T09:30:00Z'), d('2026-11-30T12:00:00Z'), SalesInterval.Hour)).toBe(3);
    expect(bucketCount(d('2026-11-30T09:00:00Z'), d('2026-11-30T12:00:00.001Z'), SalesInterval.Hour)).toBe(4);
    expect(bucketCount(d('2026-11-30T00:00:00Z'), d('2026-11-30T00:00:00Z'), SalesInterval.Day)).toBe(0);
  });

  it('defaults: from the first sale’s bucket (or the creation) to now, or the end if earlier but after the last sale', () => {
    const sold = { firstConfirmedAt: d('2026-11-30T09:15:00Z'), lastConfirmedAt: d('2026-12-01T08:00:00Z') };
    expect(salesRange({ interval: SalesInterval.Day }, event, sold, now)).toEqual({ from: d('2026-11-30T00:00:00Z'), to: now, errors: [] });
    expect(salesRange({ interval: SalesInterval.Hour }, event, { firstConfirmedAt: null, lastConfirmedAt: null }, now).from).toEqual(d('2026-11-01T10:00:00Z'));
    const ended = { createdAt: event.createdAt, endsAt: d('2026-12-01T06:00:00Z') };
    expect(salesRange({ interval: SalesInterval.Day }, ended, sold, now).to).toEqual(new Date(sold.lastConfirmedAt.getTime() + 1));
    expect(salesRange({ interval: SalesInterval.Day }, ended, { ...sold, lastConfirmedAt: d('2026-11-30T10:00:00Z') }, now).to).toEqual(ended.endsAt);
  });

  it(`refuses an empty or reversed range and more than ${MAX_SALES_BUCKETS} buckets`, () => {
    const none = { firstConfirmedAt: null, lastConfirmedAt: null };
    expect(salesRange({ interval: SalesInterval.Day, from: now, to: now }, event, none, now).errors).toEqual([
      { field: 'to', message: 'to must be after from' },
    ]);
    const from = d('2026-01-01T00:00:00Z');
    expect(salesRange({ interval: SalesInterval.Hour, from, to: new Date(from.getTime() + 1000 * HOUR) }, event, none, now).errors).toEqual([]);
    expect(salesRange({ interval: SalesInterval.Hour, from, to: new Date(from.getTime() + 1000 * HOUR + 1) }, event, none, now).errors[0]?.field).toBe('to');
    expect(salesRange({ interval: SalesInterval.Hour, from: new Date(now.getTime() - 60 * DAY) }, event, none, now).errors[0]?.field).toBe('from');
    expect(salesRange({ interval: SalesInterval.Day, from: new Date(now.getTime() - 60 * DAY) }, event, none, now).errors).toEqual([]);
  });
});
