import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** A running API process (the built service, `dist/apps/api/src/main.js`). */
export interface Replica {
  name: string;
  url: string;
  process: ChildProcess;
  /** Everything the process wrote, for diagnostics. */
  output: string[];
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * Starts one API replica on a free loopback port with `env` (merged over a minimal, explicit
 * environment: nothing leaks from the caller's), and waits until `/health/ready` answers.
 * `BENCH_NODE_ARGS` (space-separated, e.g. `--prof`) is passed to node, for profiling a run.
 * @throws when it does not become ready within `timeoutMs` or exits first.
 */
export async function startReplica(name: string, env: Record<string, string>, timeoutMs = 60_000): Promise<Replica> {
  const port = await freePort();
  const main = resolve('dist/apps/api/src/main.js');
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const replica = { name, url: `http://127.0.0.1:${port}`, process: child, output };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      const res = await fetch(`${replica.url}/api/v1/health/ready`);
      if (res.ok) return replica;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not become ready:\n${output.join('')}`);
}

/**
 * SIGTERM and wait for the process to end (SIGKILL after `timeoutMs`). A graceful stop drains and
 * exits with code 0; `signal: 'SIGKILL'` means it did not stop in time.
 */
export async function stopReplica(replica: Replica, timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const ended = () => ({ code: replica.process.exitCode, signal: replica.process.signalCode });
  if (replica.process.exitCode !== null || replica.process.signalCode !== null) return ended();
  const exited = once(replica.process, 'exit');
  replica.process.kill('SIGTERM');
  const timer = setTimeout(() => replica.process.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
  return ended();
}
