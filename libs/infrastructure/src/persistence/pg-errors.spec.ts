import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './pg-errors.js';

describe('isDatabaseUnavailable', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it('knows a database that is not there: cut, refused, shutting down, starting, full, pool wait over, closed', () => {
    const unavailable = [
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new Error('Driver not Connected'),
      withCode('ECONNREFUSED'),
      withCode('ECONNRESET'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is shutting down'),
      withCode('53300', 'sorry, too many clients already'),
      withCode('08006', 'connection failure'),
      new QueryFailedError('SELECT 1', [], withCode('57P01')),
    ];
    for (const error of unavailable)
      expect({ error: String(error), unavailable: isDatabaseUnavailable(error) }).toEqual({ error: String(error), unavailable: true });
  });

  it('leaves query errors and everything else to be what they are', () => {
    for (const error of [
      withCode('23505', 'duplicate key'),
      withCode('22P02', 'invalid input syntax for type uuid'),
      withCode('55P03'),
      new Error('boom'),
      new QueryFailedError('SELECT', [], withCode('42P01')),
      null,
      'text',
      42,
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});
