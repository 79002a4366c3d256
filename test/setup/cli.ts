import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The built CLI (`npm run cli`); needs `npm run build` first. */
export const CLI = resolve('dist/apps/api/src/cli.js');

/**
 * Runs the built CLI with `args` as its own process: in `dir` (no stray .env), with an explicit
 * environment (PATH, HOME, `DATA_DIR=<dir>/data`, quiet logs, then `env`); resolves with its exit
 * code and everything it printed (stdout and stderr together).
 */
export function runCli(dir: string, env: Record<string, string>, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, output }));
  });
}
