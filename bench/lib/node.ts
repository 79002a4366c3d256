import { execFileSync } from 'node:child_process';

/** The Node major the service runs on in production (the Dockerfile's base image), and here by default. */
export const LTS_MAJOR = 26;

export interface NodeRuntime {
  /** Absolute path of the node binary. */
  path: string;
  /** `process.version` of that binary, e.g. `v26.10.0`. */
  version: string;
  /** Options passed to it before the script (e.g. `--max-semi-space-size=16`). */
  args: string[];
}

/**
 * The node binary that benchmark replicas (and the bare Nest app) run on, from `spec`
 * (default `BENCH_NODE`, else the LTS): a major version (`26`, `20`) is the `node` package of the
 * npm registry run through `npx -y node@<major>` (fetched once into npm's cache, no other
 * download), `current` is the node running this script, anything with a `/` a path to a binary.
 * Words after the first are node options for that runtime: `26 --max-semi-space-size=16`.
 */
export function benchNode(value = process.env.BENCH_NODE ?? String(LTS_MAJOR)): NodeRuntime {
  const [spec = String(LTS_MAJOR), ...args] = value.trim().split(/\s+/);
  let path: string;
  if (spec === 'current') path = process.execPath;
  else if (spec.includes('/')) path = spec;
  else if (/^\d+(\.\d+){0,2}$/.test(spec)) {
    path =
      process.version.slice(1).split('.')[0] === spec
        ? process.execPath
        : execFileSync('npx', ['-y', `node@${spec}`, '-p', 'process.execPath'], { encoding: 'utf8' }).trim();
  } else throw new Error(`BENCH_NODE: expected a major version, "current" or a path, got ${spec}`);
  const version = execFileSync(path, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
  return { path, version, args };
}
