import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirInUseError, EmbeddedPostgres } from '../../libs/infrastructure/src/persistence/embedded-postgres.js';
import { copyEmbeddedTemplate, scratchDir } from '../setup/embedded-template.js';

// Each test opens its own copy of the migrated embedded template (test/setup/embedded-template.ts):
// an initialised folder, as the first open of an empty one leaves it after initdb in WebAssembly
// (seconds alone, more than a minute on a loaded 2-core machine, seen). The long timeouts are for
// a machine that builds that template first.
const OPENS_TIMEOUT = 180_000;

describe('EmbeddedPostgres data-folder lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = scratchDir('pglite-lock-');
    await copyEmbeddedTemplate(dir);
  }, OPENS_TIMEOUT);
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
