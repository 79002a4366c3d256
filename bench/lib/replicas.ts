import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { benchNode, NodeRuntime } from './node.js';

/** A running API process (the built service, `dist/apps/api/src/main.js`). */
export interface Replica {
  name: string;
  url: string;
  process: ChildProcess;
  /** The node it runs on. */
  node: NodeRuntime;
  /** The last chunks the process wrote (at most {@link OUTPUT_CHUNKS}), for diagnostics. */
  output: string[];
}

/** Output chunks kept per replica: an access log at `info` must not fill the harness's memory. */
const OUTPUT_CHUNKS = 200;

let defaultNode: NodeRuntime | undefined;
/** What the benchmarks run replicas on: {@link benchNode} of `BENCH_NODE` (default the LTS), resolved once per run. */
export function replicaNode(): NodeRuntime {
  return (defaultNode ??= benchNode());
}

/** The node running this process (tests start replicas on it). */
export const CURRENT_NODE: NodeRuntime = { path: process.execPath, version: process.version, args: [] };

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
 * It runs on `options.node` (default the node running this process; benchmarks pass
 * {@link replicaNode}: `BENCH_NODE`, else the LTS) and serves
 * `options.main` (default `BENCH_API`, else this checkout's `dist/apps/api/src/main.js`: another
 * build, e.g. of main, for a same-run before/after). `BENCH_NODE_ARGS` (space-separated, e.g.
 * `--prof`) is passed to node, for profiling a run.
 * @throws when it does not become ready within `timeoutMs` or exits first.
 */
export async function startReplica(
  name: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
  options: { node?: NodeRuntime; main?: string } = {},
): Promise<Replica> {
  const port = await freePort();
  const main = resolve(options.main ?? process.env.BENCH_API ?? 'dist/apps/api/src/main.js');
  const node = options.node ?? CURRENT_NODE;
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(node.path, [...node.args, ...nodeArgs, main], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (d: Buffer) => output.push(d.toString()) > OUTPUT_CHUNKS && output.shift();
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const replica = { name, url: `http://127.0.0.1:${port}`, process: child, node, output };
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

/** A running bare Nest app (bench/bare-app.ts): `POST /bare`, the framework's ceiling. */
export interface BareApp {
  url: string;
  process: ChildProcess;
  node: NodeRuntime;
}

/**
 * Starts the bare Nest app (`dist/bench/bare-app.js`) on a free port, on `node` (default
 * {@link replicaNode}, what benchmark replicas run on), and waits until `POST /bare` answers.
 * @throws when it does not answer within 20 s.
 */
export async function startBare(node = replicaNode()): Promise<BareApp> {
  const port = await freePort();
  const child = spawn(node.path, [...node.args, resolve('dist/bench/bare-app.js'), String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/bare`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).ok)
        return { url, process: child, node };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the bare app did not start');
}
