import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { PaymentProviderDisabledError } from '@app/payments';
import { JobScheduler } from '../jobs/job-scheduler.js';
import { AppConfig, ConfigError, loadConfig } from './app-config.js';
import { parsePreviousPublicKeys, resolveTicketSigningKey, TICKET_KEY_FILE } from './ticket-signing-keys.js';

const ed25519Der = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATABASE_POOL_SIZE: 10,
      MIGRATIONS_RUN: true,
      JWT_ACCESS_TTL: 900,
      RATE_LIMIT_ENABLED: true,
      RATE_LIMIT_LOGIN: 5,
      RATE_LIMIT_REGISTER: 10,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.embeddedDatabaseDir).toMatch(/var\/pgdata$/);
  });

  it('converts numbers and booleans and ignores unrelated variables', () => {
    const config = loadConfig({ PORT: '8080', RATE_LIMIT_ENABLED: 'false', MIGRATIONS_RUN: '0', PATH: '/usr/bin' });
    expect(config.PORT).toBe(8080);
    expect(config.RATE_LIMIT_ENABLED).toBe(false);
    expect(config.MIGRATIONS_RUN).toBe(false);
    expect(config).not.toHaveProperty('PATH');
  });

  it('names every invalid variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', RATE_LIMIT_ENABLED: 'maybe' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(problems).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'JWT_SECRET', 'RATE_LIMIT_ENABLED']));
    }
  });

  it('treats an empty variable as unset: the default applies', () => {
    const config = loadConfig({ DATABASE_POOL_SIZE: '', PORT: '', RATE_LIMIT_ENABLED: '', BODY_LIMIT: '', MAIL_FROM: '', HOST: '' });
    expect(config).toMatchObject({
      DATABASE_POOL_SIZE: 10,
      PORT: 3000,
      RATE_LIMIT_ENABLED: true,
      BODY_LIMIT: '1mb',
      MAIL_FROM: 'Ticketing <no-reply@localhost>',
      HOST: '0.0.0.0',
    });
  });

  it('says one thing per bad variable, the kind of value first', () => {
    try {
      loadConfig({ DATABASE_POOL_SIZE: 'ten', PORT: '70000', RATE_LIMIT_ENABLED: 'maybe' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'PORT: PORT must not be greater than 65535',
        'DATABASE_POOL_SIZE: DATABASE_POOL_SIZE must be an integer number',
        'RATE_LIMIT_ENABLED: RATE_LIMIT_ENABLED must be a boolean value',
      ]);
    }
  });

  it('requires JWT_SECRET and TICKET_SIGNING_KEY in production and with a database server, not in the embedded default', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/TICKET_SIGNING_KEY/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: 'x'.repeat(32) })).toThrow(/TICKET_SIGNING_KEY/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), TICKET_SIGNING_KEY: ed25519Der() })).not.toThrow();
    expect(() => loadConfig({})).not.toThrow();
  });

  it('accepts the ticket signing key as PEM (also with literal \\n) or base64 DER, and refuses other keys', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadConfig({ TICKET_SIGNING_KEY: pem })).not.toThrow();
    expect(() => loadConfig({ TICKET_SIGNING_KEY: pem.replace(/\n/g, '\\n') })).not.toThrow();
    expect(() => loadConfig({ TICKET_SIGNING_KEY: ed25519Der() })).not.toThrow();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadConfig({ TICKET_SIGNING_KEY: rsa })).toThrow(/TICKET_SIGNING_KEY/);
    expect(() => loadConfig({ TICKET_SIGNING_KEY: 'not a key' })).toThrow(/TICKET_SIGNING_KEY/);
  });

  it('parses previous public keys (raw base64url or SPKI DER) and names a bad one', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'jwk' }).x!;
    const der = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(parsePreviousPublicKeys(`${raw}, ${der}`)).toHaveLength(2);
    expect(parsePreviousPublicKeys('')).toEqual([]);
    expect(() => loadConfig({ TICKET_PREVIOUS_PUBLIC_KEYS: `${raw},nope` })).toThrow(/TICKET_PREVIOUS_PUBLIC_KEYS: key 2/);
  });

  it('generates the embedded default signing key once into DATA_DIR and keeps it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticket-key-'));
    try {
      const first = resolveTicketSigningKey(undefined, dir);
      expect(statSync(join(dir, TICKET_KEY_FILE)).mode & 0o777).toBe(0o600);
      const again = resolveTicketSigningKey(undefined, dir);
      expect(again.export({ format: 'jwk' })).toEqual(first.export({ format: 'jwk' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('requires ADMIN_EMAIL and ADMIN_PASSWORD together, with a real password', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'long enough pw' })).toThrow(/ADMIN_EMAIL/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.co' })).toThrow(/ADMIN_PASSWORD/);
  });

  it('configures e-mail: .eml files by default, an smtp:// or smtps:// server when set, bounded retry settings', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({
      MAIL_FROM: 'Ticketing <no-reply@localhost>',
      MAIL_WORKER_ENABLED: true,
      MAIL_POLL_INTERVAL_MS: 1000,
      MAIL_RETRY_BASE_SECONDS: 5,
      MAIL_MAX_ATTEMPTS: 8,
    });
    expect(defaults.SMTP_URL).toBeUndefined();
    expect(defaults.mailDir).toMatch(/var\/mail$/);
    expect(
      loadConfig({ SMTP_URL: 'smtps://user:p%40ss@smtp.example.com:465', MAIL_FROM: 'no-reply@example.com', MAIL_RETRY_BASE_SECONDS: '0.5' }),
    ).toMatchObject({
      SMTP_URL: 'smtps://user:p%40ss@smtp.example.com:465',
      MAIL_FROM: 'no-reply@example.com',
      MAIL_RETRY_BASE_SECONDS: 0.5,
    });
    try {
      loadConfig({
        SMTP_URL: 'http://smtp.example.com',
        MAIL_FROM: 'nobody',
        MAIL_MAX_ATTEMPTS: '0',
        MAIL_WORKER_ENABLED: 'sometimes',
        MAIL_RETRY_BASE_SECONDS: 'soon',
      });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(problems).toEqual(expect.arrayContaining(['SMTP_URL', 'MAIL_FROM', 'MAIL_MAX_ATTEMPTS', 'MAIL_WORKER_ENABLED', 'MAIL_RETRY_BASE_SECONDS']));
      // The URL may hold a password: the message names the variable, never its value.
      expect((error as ConfigError).message).not.toContain('smtp.example.com');
    }
  });

  it('configures Brevo: a key required with MAIL_TRANSPORT=brevo, https in production, a bounded timeout', () => {
    expect(loadConfig({})).toMatchObject({ MAIL_TRANSPORT: 'smtp', BREVO_API_URL: 'https://api.brevo.com/v3', BREVO_TIMEOUT_MS: 15_000 });
    expect(loadConfig({ MAIL_TRANSPORT: 'brevo', BREVO_API_KEY: 'xkeysib-1' })).toMatchObject({ MAIL_TRANSPORT: 'brevo', BREVO_API_KEY: 'xkeysib-1' });
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems.map((p) => p.split(':')[0]);
      }
    };
    expect(problems({ MAIL_TRANSPORT: 'brevo' })).toEqual(['BREVO_API_KEY']);
    expect(problems({ MAIL_TRANSPORT: 'mailgun', BREVO_TIMEOUT_MS: '5' }).sort()).toEqual(['BREVO_TIMEOUT_MS', 'MAIL_TRANSPORT']);
    expect(
      problems({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), MAIL_TRANSPORT: 'brevo', BREVO_API_KEY: 'k', BREVO_API_URL: 'http://brevo.internal/v3' }),
    ).toContain('BREVO_API_URL');
  });

  it('parses CORS origins and trust proxy', () => {
    expect(loadConfig({}).corsOrigins).toBe(false);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
  });

  it('configures payment providers and file storage, with safe defaults', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({ PAYSTACK_BASE_URL: 'https://api.paystack.co', PAYSTACK_TIMEOUT_MS: 5000, PAYSTACK_BREAKER_HALF_OPEN_SECONDS: 30 });
    expect(defaults.PAYSTACK_SECRET_KEY).toBeUndefined();
    expect(defaults.PAYMENT_CALLBACK_URL).toBeUndefined();
    expect(defaults.CLOUDINARY_URL).toBeUndefined();

    const set = loadConfig({
      PAYSTACK_SECRET_KEY: 'sk_test_abc123456',
      PAYSTACK_BASE_URL: 'http://127.0.0.1:4010',
      PAYSTACK_TIMEOUT_MS: '1500',
      PAYSTACK_BREAKER_HALF_OPEN_SECONDS: '10',
      PAYMENT_CALLBACK_URL: 'https://tickets.example/paid',
      CLOUDINARY_URL: 'cloudinary://1234:abcd-EFG_h@demo?upload_prefix=http%3A%2F%2F127.0.0.1%3A9',
    });
    expect(set).toMatchObject({ PAYSTACK_BASE_URL: 'http://127.0.0.1:4010', PAYSTACK_TIMEOUT_MS: 1500, PAYSTACK_BREAKER_HALF_OPEN_SECONDS: 10 });
  });

  it('names bad payment and storage settings without echoing secrets', () => {
    try {
      loadConfig({
        PAYSTACK_BASE_URL: 'api.paystack.co',
        PAYSTACK_TIMEOUT_MS: '10',
        PAYSTACK_BREAKER_HALF_OPEN_SECONDS: '0',
        PAYMENT_CALLBACK_URL: 'not a url',
        CLOUDINARY_URL: 'https://k:Sup3rS3cret@x',
      });
      throw new Error('expected a ConfigError');
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
        'CLOUDINARY_URL',
        'PAYMENT_CALLBACK_URL',
        'PAYSTACK_BASE_URL',
        'PAYSTACK_BREAKER_HALF_OPEN_SECONDS',
        'PAYSTACK_TIMEOUT_MS',
      ]);
      expect(problems.join('\n')).not.toContain('Sup3rS3cret');
    }
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), PAYSTACK_BASE_URL: 'http://paystack.internal' })).toThrow(
      /PAYSTACK_BASE_URL: must be https/,
    );
  });
});

describe('configuration documentation', () => {
  const variables = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(AppConfig, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];

  it('.env.example lists every variable', () => {
    const documented = readFileSync('.env.example', 'utf8')
      .split('\n')
      .map((line) => /^([A-Z_]+)=/.exec(line)?.[1])
      .filter(Boolean);
    expect([...documented].sort()).toEqual([...variables].sort());
  });

  it('the README names every variable', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(variables.filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
  });

  it('says "fractions allowed" exactly for the numeric variables that take fractions (README and AppConfig)', () => {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(AppConfig, '', true, false);
    const kind = (name: string) => metadata.filter((m) => m.propertyName === name).map((m) => m.name);
    const fractional = variables.filter((v) => kind(v).includes('isNumber'));
    const integral = variables.filter((v) => kind(v).includes('isInt'));
    expect(fractional.length).toBeGreaterThan(0);
    const readme = readFileSync('README.md', 'utf8').split('\n');
    const row = (v: string) => readme.find((line) => line.startsWith(`| \`${v}\``)) ?? '';
    const source = readFileSync('apps/api/src/config/app-config.ts', 'utf8');
    const docstring = (v: string) => {
      const at = source.search(new RegExp(`^  ${v}\\b`, 'm'));
      const end = source.lastIndexOf('*/', at);
      return source.slice(end, at).includes(';') ? '' : source.slice(source.lastIndexOf('/**', end), end); // its own docstring, not the previous field's
    };
    expect(fractional.filter((v) => !/fractions allowed/.test(row(v)) || !/fractions allowed/.test(docstring(v)))).toEqual([]);
    expect(integral.filter((v) => /fractions allowed/.test(row(v)) || /fractions allowed/.test(docstring(v)))).toEqual([]);
    expect(loadConfig({ MAIL_RETRY_BASE_SECONDS: '0.25', JOBS_INTERVAL_SECONDS: '0.5' })).toMatchObject({
      MAIL_RETRY_BASE_SECONDS: 0.25,
      JOBS_INTERVAL_SECONDS: 0.5,
    });
    expect(() => loadConfig({ MAIL_MAX_ATTEMPTS: '2.5' })).toThrow(/MAIL_MAX_ATTEMPTS/);
  });

  it("the README's configuration table has one row per variable", () => {
    const rows = readFileSync('README.md', 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    const named = rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!));
    expect(named.filter((v, i) => named.indexOf(v) !== i)).toEqual([]);
  });

  it('JOBS_ENABLED names every job the scheduler runs, in the README and in AppConfig', () => {
    // Listing the jobs needs none of their collaborators.
    const scheduler = Reflect.construct(JobScheduler, [loadConfig({}), {}, {}, {}, {}, {}, {}]) as JobScheduler;
    const jobs = scheduler.jobs.map((j) => j.name);
    expect(jobs.length).toBeGreaterThan(0);
    const row = readFileSync('README.md', 'utf8')
      .split('\n')
      .find((line) => line.startsWith('| `JOBS_ENABLED`'))!;
    expect(jobs.filter((name) => !row.includes(`\`${name}\``))).toEqual([]);
    const source = readFileSync('apps/api/src/config/app-config.ts', 'utf8');
    const docstring = source.slice(source.lastIndexOf('/**', source.indexOf('JOBS_ENABLED = ')), source.indexOf('JOBS_ENABLED = '));
    expect(jobs.filter((name) => !docstring.includes(`\`${name}\``))).toEqual([]);
  });

  it('PAYSTACK_SECRET_KEY documents the error that starting a payment without it answers', () => {
    const code = new PaymentProviderDisabledError('paystack').code;
    const documented = {
      readme: readFileSync('README.md', 'utf8')
        .split('\n')
        .find((line) => line.startsWith('| `PAYSTACK_SECRET_KEY`')),
      envExample: readFileSync('.env.example', 'utf8')
        .split('\n')
        .find((line) => line.startsWith('PAYSTACK_SECRET_KEY=')),
      appConfig: (() => {
        const source = readFileSync('apps/api/src/config/app-config.ts', 'utf8');
        const at = source.indexOf('PAYSTACK_SECRET_KEY?:');
        return source.slice(source.lastIndexOf('/**', at), at);
      })(),
    };
    expect(documented).toEqual({ readme: expect.stringContaining(code), envExample: expect.stringContaining(code), appConfig: expect.stringContaining(code) });
  });
});
