import { Role } from '@app/shared';
import { createAdmin, createUser, signUpCustomer, SignedInUser } from '../factories/users.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

const VALID = {
  name: 'Lagos Live Events',
  supportEmail: 'Help@Example.com',
  logoUrl: 'https://cdn.example.com/logo.png',
  defaultCurrency: 'GHS',
  defaultTimezone: 'Africa/Accra',
  manualPaymentInstructions: 'Transfer the total to GTBank 0123456789, quoting your payment reference.\nThen upload the receipt.',
};

describe('organisation settings (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let viewer: SignedInUser;
  let scanner: SignedInUser;
  let customer: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
    viewer = await createUser(t, [Role.Viewer]);
    scanner = await createUser(t, [Role.Scanner]);
    customer = await signUpCustomer(t);
  });
  afterAll(() => t.close());

  const put = (auth: Record<string, string>, body: Record<string, unknown>) => t.http().put('/api/v1/settings').set(auth).send(body);

  it('answers the defaults while never set: public part to anyone, everything to staff', async () => {
    const anonymous = await t.http().get('/api/v1/settings').expect(200);
    expect(anonymous.body).toEqual({
      name: 'Ticketing',
      supportEmail: null,
      logoUrl: null,
      manualPaymentInstructions: expect.stringMatching(/\S/),
    });
    for (const user of [customer, scanner]) {
      const res = await t.http().get('/api/v1/settings').set(user.auth).expect(200);
      expect(res.body).toEqual(anonymous.body);
    }
    for (const staff of [admin, viewer]) {
      const res = await t.http().get('/api/v1/settings').set(staff.auth).expect(200);
      expect(res.body).toEqual({ ...anonymous.body, defaultCurrency: 'NGN', defaultTimezone: 'Africa/Lagos', updatedBy: null, updatedAt: null });
    }
  });

  it('an invalid token is 401, not the public view', async () => {
    const res = await t.http().get('/api/v1/settings').set('Authorization', 'Bearer not-a-token').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('PUT is admin-only: viewer, scanner and customer 403 forbidden, anonymous 401', async () => {
    for (const user of [viewer, scanner, customer]) {
      const res = await put(user.auth, VALID).expect(403);
      expect(res.body.code).toBe('forbidden');
    }
    const anonymous = await t.http().put('/api/v1/settings').send(VALID).expect(401);
    expect(anonymous.body.code).toBe('unauthorized');
    const after = await t.http().get('/api/v1/settings').set(admin.auth).expect(200);
    expect(after.body.updatedAt).toBeNull();
  });

  describe('PUT validation: 400 validation_failed naming the field, nothing saved', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['name missing', { name: undefined }, 'name'],
      ['name empty', { name: '' }, 'name'],
      ['name blank', { name: '   ' }, 'name'],
      ['name too long', { name: 'x'.repeat(201) }, 'name'],
      ['supportEmail not an e-mail', { supportEmail: 'not-an-email' }, 'supportEmail'],
      ['supportEmail missing', { supportEmail: undefined }, 'supportEmail'],
      ['logoUrl not http(s)', { logoUrl: 'ftp://cdn.example.com/logo.png' }, 'logoUrl'],
      ['logoUrl javascript:', { logoUrl: 'javascript:alert(1)' }, 'logoUrl'],
      ['logoUrl not a URL', { logoUrl: 'logo.png' }, 'logoUrl'],
      ['logoUrl too long', { logoUrl: `https://example.com/${'a'.repeat(2048)}` }, 'logoUrl'],
      ['defaultCurrency lower case', { defaultCurrency: 'ngn' }, 'defaultCurrency'],
      ['defaultCurrency unknown', { defaultCurrency: 'XYZ' }, 'defaultCurrency'],
      ['defaultTimezone unknown', { defaultTimezone: 'Mars/Olympus_Mons' }, 'defaultTimezone'],
      ['defaultTimezone missing', { defaultTimezone: undefined }, 'defaultTimezone'],
      ['manualPaymentInstructions too long', { manualPaymentInstructions: 'x'.repeat(2001) }, 'manualPaymentInstructions'],
      ['manualPaymentInstructions not a string', { manualPaymentInstructions: 42 }, 'manualPaymentInstructions'],
    ];
    for (const [name, change, field] of cases) {
      it(name, async () => {
        const res = await put(admin.auth, { ...VALID, ...change }).expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('validation_failed');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      });
    }

    it('several bad fields are listed together', async () => {
      const res = await put(admin.auth, { ...VALID, defaultCurrency: 'XYZ', defaultTimezone: 'Nowhere/Town', logoUrl: 'ftp://x.example' }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['defaultCurrency', 'defaultTimezone', 'logoUrl']);
    });

    it('nothing was saved by the refused requests', async () => {
      const res = await t.http().get('/api/v1/settings').set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ name: 'Ticketing', updatedAt: null });
    });
  });

  it('admin saves: staff and the public see the change, the e-mail lower-cased; audited with the changed fields', async () => {
    const saved = await put(admin.auth, VALID).expect(200);
    expect(saved.body).toEqual({
      ...VALID,
      supportEmail: 'help@example.com',
      updatedBy: admin.id,
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const staff = await t.http().get('/api/v1/settings').set(viewer.auth).expect(200);
    expect(staff.body).toEqual(saved.body);
    const anonymous = await t.http().get('/api/v1/settings').expect(200);
    expect(anonymous.body).toEqual({
      name: VALID.name,
      supportEmail: 'help@example.com',
      logoUrl: VALID.logoUrl,
      manualPaymentInstructions: VALID.manualPaymentInstructions,
    });

    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'settings.updated' }).set(admin.auth).expect(200);
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({ actorId: admin.id, entityType: 'settings' });
    expect(audit.body.data[0].details.changes).toEqual({
      name: { from: 'Ticketing', to: VALID.name },
      supportEmail: { from: null, to: 'help@example.com' },
      logoUrl: { from: null, to: VALID.logoUrl },
      defaultCurrency: { from: 'NGN', to: 'GHS' },
      defaultTimezone: { from: 'Africa/Lagos', to: 'Africa/Accra' },
      manualPaymentInstructions: { from: expect.any(String), to: VALID.manualPaymentInstructions },
    });
  });

  it('a later PUT replaces the record: a left-out logoUrl removes the logo; the audit names only what changed', async () => {
    const { logoUrl: _omit, ...withoutLogo } = VALID;
    const res = await put(admin.auth, { ...withoutLogo, name: 'Accra Live' }).expect(200);
    expect(res.body).toMatchObject({ name: 'Accra Live', logoUrl: null, defaultCurrency: 'GHS' });
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'settings.updated' }).set(admin.auth).expect(200);
    expect(audit.body.data).toHaveLength(2);
    expect(audit.body.data[0].details.changes).toEqual({ name: { from: VALID.name, to: 'Accra Live' }, logoUrl: { from: VALID.logoUrl, to: null } });
    const read = await t.http().get('/api/v1/settings').expect(200);
    expect(read.body).toMatchObject({ name: 'Accra Live', logoUrl: null });
  });

  it('the table holds one row at most', async () => {
    if (!t.databaseUrl) return;
    const { Client } = await import('pg');
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await expect(
        client.query(`INSERT INTO settings (id, name, default_currency, default_timezone, manual_payment_instructions) VALUES (2, 'x', 'NGN', 'UTC', '')`),
      ).rejects.toThrow(/settings_single_row_check/);
      expect((await client.query('SELECT count(*)::int AS n FROM settings')).rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });
});
