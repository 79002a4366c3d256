/**
 * Babel plugin for the test-only ESM -> CommonJS transform of node_modules: some ESM packages
 * declare `const require = createRequire(import.meta.url)`, which would shadow the CommonJS
 * `require` that the module transform itself emits. Renaming that top-level binding keeps both.
 */
module.exports = function renameTopLevelRequire() {
  return {
    visitor: {
      Program(path) {
        if (path.scope.hasOwnBinding('require')) path.scope.rename('require', '_esmRequire');
      },
    },
  };
};
