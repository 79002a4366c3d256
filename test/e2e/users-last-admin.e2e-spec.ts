import { Role } from '@app/shared';
import { UsersService } from '@app/users';
import { createAdmin } from '../factories/users.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/** "The last admin" is a fact about the whole database, so this file has one of its own. */
describe('the last enabled admin (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('survives two admins demoting each other at once, and cannot disable itself', async () => {
    const a = await createAdmin(t);
    const b = await createAdmin(t);
    const [ra, rb] = await Promise.all([
      t
        .http()
        .patch(`/api/v1/users/${b.id}`)
        .set(a.auth)
        .send({ roles: ['viewer'] }),
      t
        .http()
        .patch(`/api/v1/users/${a.id}`)
        .set(b.auth)
        .send({ roles: ['viewer'] }),
    ]);
    const statuses = [ra.status, rb.status].sort();
    // One demotion wins; the other actor either finds itself the last admin (409 last_admin) or
    // has already lost its admin role (403): never both demoted.
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const admins = await t.app.get(UsersService).list({ role: Role.Admin }, { limit: 10 });
    expect(admins.data.filter((u) => !u.disabled)).toHaveLength(1);

    const last = admins.data[0]!;
    const lastAuth = last.id === a.id ? a.auth : b.auth;
    const self = await t.http().patch(`/api/v1/users/${last.id}`).set(lastAuth).send({ disabled: true }).expect(409);
    expect(self.body.code).toBe('last_admin');
  });
});
