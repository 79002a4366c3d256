const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const babel = require('@babel/core');

/**
 * Jest transformer for the test-only ESM -> CommonJS transform of node_modules (see jest.config.js):
 * babel with just the plugins that transform needs. Unlike babel-jest it adds no jest-hoist pass
 * (no package calls jest.mock) and writes no source map: `retainLines` keeps every line where it
 * was, so a stack trace into a package still points at the right line. Hundreds of package files
 * go through it on a run with an empty cache, where this is about a third cheaper than babel-jest.
 */
const OPTIONS = {
  babelrc: false,
  configFile: false,
  sourceMaps: false,
  retainLines: true,
  compact: false,
  plugins: [
    require.resolve('./babel-rename-require.cjs'),
    'babel-plugin-transform-import-meta',
    '@babel/plugin-transform-dynamic-import',
    '@babel/plugin-transform-modules-commonjs',
  ],
};

const VERSION = createHash('sha1')
  .update(readFileSync(__filename))
  .update(readFileSync(require.resolve('./babel-rename-require.cjs')))
  .update(babel.version)
  .digest('hex');

module.exports = {
  canInstrument: false,
  getCacheKey(source, filename, { configString }) {
    return createHash('sha1').update(VERSION).update('\0').update(configString).update('\0').update(filename).update('\0').update(source).digest('hex');
  },
  process(source, filename) {
    const result = babel.transformSync(source, { ...OPTIONS, filename, cwd: process.cwd() });
    return { code: result.code };
  },
};
