import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { formatCounts, formatCredentials, seedDemo } from './demo/demo-seed.js';

/**
 * `npm run demo`: the service on a fresh embedded database under DEMO_DATA_DIR (default
 * `./.demo-data`, wiped at every start), filled by {@link seedDemo}, with the back-office. Listens on
 * 127.0.0.1:3000 unless HOST / PORT say otherwise; DATABASE_URL and ADMIN_* are ignored, and no
 * `.env` is read. E-mail is written to `<dir>/mail/*.eml`. Stop it with Ctrl-C.
 */
async function main(): Promise<void> {
  const dir = resolve(process.env.DEMO_DATA_DIR || '.demo-data');
  rmSync(dir, { recursive: true, force: true });
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    HOST: process.env.HOST || '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    DATA_DIR: dir,
    DATABASE_URL: undefined,
    EMBEDDED_DATABASE_DIR: undefined,
    ADMIN_EMAIL: undefined,
    ADMIN_PASSWORD: undefined,
  });
  console.log(`Seeding demo data into ${dir} …`);
  const { credentials, counts } = await seedDemo(config);
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  const origin = `http://${config.HOST === '0.0.0.0' || config.HOST === '127.0.0.1' ? 'localhost' : config.HOST}:${config.PORT}`;
  console.log(`
Demo data:
${formatCounts(counts)}

Accounts (passwords are shown this once; the back-office takes admin and viewer):
${formatCredentials(credentials)}

  Back-office  ${origin}/admin/
  API docs     ${origin}/api/v1/docs
  API          ${origin}/api/v1/events
  E-mail       ${resolve(dir, 'mail')}/*.eml

Serving until Ctrl-C.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
