import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.js';
import { drainOnSignals } from './http/graceful-shutdown.js';
import { ConfigError, loadConfig } from './config/app-config.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const app = await createApp(config);
  drainOnSignals(app, { delayMs: config.SHUTDOWN_DELAY_MS, timeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000 });
  await app.listen(config.PORT, config.HOST);
  app.get(Logger).log(`Ticketing API on http://${config.HOST}:${config.PORT}/api/v1 (docs: /api/v1/docs)`);
}

main().catch((error: unknown) => {
  // Configuration problems are the operator's to fix: say what is wrong, without a stack.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
