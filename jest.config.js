import { readdirSync, readFileSync } from 'node:fs';

/**
 * Jest runs in CommonJS mode: on Node 20, Jest cannot `require()` an ES module, and some CommonJS
 * packages (@nestjs/throttler, nestjs-pino) `require('@nestjs/common')`, which is ESM-only in Nest 12.
 * So our TypeScript is compiled to CommonJS for tests (tsconfig.jest.json) and the ESM-only packages
 * in node_modules are turned into CommonJS by babel (test/setup/esm-to-cjs-transformer.cjs), once,
 * cached. Production runs native ESM.
 */
function esmOnlyPackages(dir = 'node_modules', names = new Set()) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return names;
  }
  for (const entry of entries) {
    if (entry.startsWith('.')) continue;
    const packages = entry.startsWith('@') ? readdirSync(`${dir}/${entry}`).map((p) => `${entry}/${p}`) : [entry];
    for (const name of packages) {
      try {
        if (JSON.parse(readFileSync(`${dir}/${name}/package.json`, 'utf8')).type === 'module') names.add(name);
      } catch {
        continue; // not a package
      }
      esmOnlyPackages(`${dir}/${name}/node_modules`, names);
    }
  }
  return names;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Spec files that run inside a group file (test/groups/*.group-spec.ts imports them): each jest
 * file loads the application's modules into a registry of its own (about 1.2 s of CPU per file),
 * so grouping related specs makes the suite markedly cheaper. A grouped spec named on the command
 * line (`npx jest test/e2e/bookings.e2e-spec.ts`) runs on its own, as any test file does.
 * @throws when a spec is in two groups (it would run twice)
 */
function groupedSpecs() {
  const grouped = new Map();
  for (const file of readdirSync('test/groups').filter((f) => f.endsWith('.group-spec.ts'))) {
    for (const [, spec] of readFileSync(`test/groups/${file}`, 'utf8').matchAll(/^import '\.\.\/(.+)\.js';$/gm)) {
      const path = `test/${spec}.ts`;
      if (grouped.has(path)) throw new Error(`${path} is in test/groups/${grouped.get(path)} and test/groups/${file}`);
      grouped.set(path, file);
    }
  }
  const named = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  return [...grouped.keys()].filter((path) => !named.some((arg) => path.endsWith(arg.replace(/^\.\//, ''))));
}

export default {
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
    '^.+\\.c?js$': '<rootDir>/test/setup/esm-to-cjs-transformer.cjs',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${[...esmOnlyPackages()].map(escape).join('|')})/)`],
  testMatch: [
    '<rootDir>/**/*.spec.ts',
    '<rootDir>/test/**/*.int-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
    '<rootDir>/test/service/*.service-spec.ts',
    '<rootDir>/test/groups/*.group-spec.ts',
    '<rootDir>/test/browser/*.browser-spec.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', ...groupedSpecs().map((path) => `<rootDir>/${escape(path)}$`)],
  testTimeout: 60_000,
  maxWorkers: 2,
};
