import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, EmbeddedPostgres } from './embedded-postgres.js';

// The first open of an empty folder runs initdb in WebAssembly: seconds alone, more than a minute
// on a loaded 2-core CI machine (seen), hence the long timeouts. It runs once, in beforeAll; each
// test opens a copy of that initialised folder (a fraction of a second).
const OPENS_TIMEOUT = 180_000;
/** tmpfs when the machine has one: the copies are tens of megabytes. */
const ROOT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

describe('EmbeddedPostgres data-folder lock', () => {
  let initialised: string;
  let dir: string;
  beforeAll(async () => {
    initialised = mkdtempSync(join(ROOT, 'pglite-lock-initialised-'));
    await (await EmbeddedPostgres.start(initialised)).close();
  }, OPENS_TIMEOUT);
  afterAll(() => rmSync(initialised, { recursive: true, force: true }));
  beforeEach(() => {
    dir = mkdtempSync(join(ROOT, 'pglite-lock-'));
    cpSync(initialised, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a folder held by another live process, naming it', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(join(dir, 'postmaster.lock'), String(holder.pid));
      const attempt = EmbeddedPostgres.start(dir);
      await expect(attempt).rejects.toBeInstanceOf(DataDirInUseError);
      await expect(attempt).rejects.toThrow(String(holder.pid));
    } finally {
      holder.kill();
    }
  });

  it(
    'refuses a second open of the same folder in this process, until the first closes',
    async () => {
      const first = await EmbeddedPostgres.start(dir);
      try {
        await expect(EmbeddedPostgres.start(dir)).rejects.toBeInstanceOf(DataDirInUseError);
        expect(readFileSync(join(dir, 'postmaster.lock'), 'utf8')).toBe(String(process.pid));
      } finally {
        await first.close();
      }
      const again = await EmbeddedPostgres.start(dir);
      await again.close();
      expect(existsSync(join(dir, 'postmaster.lock'))).toBe(false);
    },
    OPENS_TIMEOUT,
  );

  it(
    'takes over a stale lock, holds it while open and releases it on close',
    async () => {
      writeFileSync(join(dir, 'postmaster.lock'), '999999999');
      const db = await EmbeddedPostgres.start(dir);
      expect(readFileSync(join(dir, 'postmaster.lock'), 'utf8')).toBe(String(process.pid));
      const { rows } = await db.pglite.query<{ n: number }>('SELECT 1 AS n');
      expect(rows[0]!.n).toBe(1);
      await db.close();
      expect(existsSync(join(dir, 'postmaster.lock'))).toBe(false);
    },
    OPENS_TIMEOUT,
  );
});
