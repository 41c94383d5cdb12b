// Lets plain `node -r ./scripts/ts-register.js file.ts` run the repository's TypeScript (benchmarks, one-off tools)
// without a build: each .ts file is transpiled on load with the repository's compiler options (decorator metadata
// included, as ts-jest does in isolatedModules mode), and `@app/<lib>` resolves to libs/<lib>/src like the
// tsconfig paths. No type checking here: `npx tsc -p tsconfig.json --noEmit` does that.
'use strict';
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

const root = join(__dirname, '..');
const { config } = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
const compilerOptions = {
  ...options,
  module: ts.ModuleKind.CommonJS,
  sourceMap: false,
  inlineSourceMap: true,
  inlineSources: true,
  incremental: false,
  isolatedModules: true,
};

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveAppAlias(request, parent, ...rest) {
  const alias = /^@app\/([a-z-]+)$/.exec(request);
  const target = alias ? join(root, 'libs', alias[1], 'src') : request;
  return originalResolve.call(this, target, parent, ...rest);
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
