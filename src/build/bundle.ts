/**
 * Build step (Node): bundle each package entry into one module. Node's ES module loader costs about a millisecond
 * per file, so the dozen core modules as separate files would dominate start-up; bundled, `import 'fanjian'` loads
 * one file. The bundles sit beside the entries they replace (dist/node, dist/browser), so relative paths such as
 * the data directory stay valid.
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCachedNodeEntry } from './code-cache.js';
import { writePreloadList } from './preload-list.js';

const dist = fileURLToPath(new URL('../', import.meta.url));

/** Imports of the public API (index.js) or of the platform entry resolve to the main bundle beside the output. */
function coreFromMainBundle(dist: string, platform: 'node' | 'browser', main = './fanjian.js'): Plugin {
  const core = new Set([resolve(dist, 'index.js'), resolve(dist, platform, 'index.js')]);
  return {
    name: 'core-from-main-bundle',
    setup(builder) {
      builder.onResolve({ filter: /index\.js$/ }, (args) =>
        core.has(resolve(args.resolveDir, args.path)) ? { path: main, external: true } : undefined);
    },
  };
}

/**
 * The dynamic imports of dist/browser/data/index.js stay imports, of ./data/x.js relative to the bundle beside it
 * (dist/browser): the browser, or the user's bundler, fetches only the files a page uses.
 */
function dataModulesApart(dist: string): Plugin {
  const index = resolve(dist, 'browser', 'data', 'index.js');
  return {
    name: 'data-modules-apart',
    setup(builder) {
      builder.onResolve({ filter: /^\.\/[^/]+\.js$/ }, (args) =>
        args.kind === 'dynamic-import' && resolve(args.importer) === index ? { path: `./data/${args.path.slice(2)}`, external: true } : undefined);
    },
  };
}

/**
 * commander requires node:child_process when it loads, for executable subcommands, which fanjian has none of: 2–3 ms
 * of every run of the command line. Its require gets an object that loads the module on first use instead.
 */
const lazyChildProcess: Plugin = {
  name: 'lazy-child-process',
  setup(builder) {
    builder.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined);
    builder.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, name) => process.getBuiltinModule('node:child_process')[name] });",
      loader: 'js',
    }));
  },
};

export async function bundleEntries(): Promise<void> {
  // ES module builds of dependencies first: UMD builds (jsonc-parser's) require files by computed paths.
  // Whitespace and syntax minified (names kept, for stack traces; source maps beside): Node compiles a third less
  // text at start-up (import + first conversion measured 26 → 22 ms under load).
  const common: BuildOptions = {
    bundle: true, format: 'esm', target: 'node20', sourcemap: true, legalComments: 'none', mainFields: ['module', 'main'],
    minifyWhitespace: true, minifySyntax: true,
  };
  // CommonJS dependencies (yaml's Node build) require Node built-ins: give ES module bundles a real require().
  const requireShim = { js: 'import { createRequire as __fanjianRequire } from "node:module"; const require = __fanjianRequire(import.meta.url);' };
  // The main entry: one script with V8's code cache, loaded by a small module (code-cache.ts).
  await buildCachedNodeEntry(dist, common);
  // fanjian/documents loads the main bundle for the core (one data source, one FanjianError) and bundles the rest.
  await build({
    ...common, platform: 'node', entryPoints: [`${dist}node/documents.js`], outfile: `${dist}node/documents.bundle.js`,
    banner: requireShim, plugins: [coreFromMainBundle(dist, 'node')],
  });
  // CommonJS for require('fanjian/documents') and require('fanjian/dom'), with import.meta.url recreated from
  // __filename; they require the main CommonJS entry (code-cache.ts) for the core.
  const commonjs: BuildOptions = {
    ...common, format: 'cjs', platform: 'node', define: { 'import.meta.url': 'importMetaUrl', 'import.meta.dirname': '__dirname' },
    banner: { js: 'const importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  };
  await build({
    ...commonjs, entryPoints: [`${dist}node/documents.js`], outfile: `${dist}node/documents.cjs`,
    plugins: [coreFromMainBundle(dist, 'node', './fanjian.cjs')],
  });
  // fanjian/dom in Node (a DOM such as jsdom's): over the Node core, as ES module and CommonJS, so that it shares
  // the core (data source, FanjianError) with `fanjian` loaded the same way.
  await build({
    ...common, platform: 'node', entryPoints: [`${dist}browser/dom.js`], outfile: `${dist}node/dom.bundle.js`,
    plugins: [coreFromMainBundle(dist, 'browser')],
  });
  await build({
    ...commonjs, entryPoints: [`${dist}browser/dom.js`], outfile: `${dist}node/dom.cjs`,
    plugins: [coreFromMainBundle(dist, 'browser', './fanjian.cjs')],
  });
  // The command line and its worker threads, dependencies included. What they share, and what they load only when
  // an input needs it (the documents layer: cli/documents-layer.ts), go to chunks beside them (the same folder, so
  // that paths relative to a module stay valid), each compiled once per thread and only when imported.
  for (const old of readdirSync(`${dist}cli`)) if (/^chunk-.*\.bundle\.js(\.map)?$/.test(old)) rmSync(`${dist}cli/${old}`);
  await build({
    ...common, platform: 'node', entryPoints: { 'main.bundle': `${dist}cli/main.js`, 'worker.bundle': `${dist}cli/worker.js` },
    outdir: `${dist}cli`, splitting: true, chunkNames: 'chunk-[hash].bundle', banner: requireShim, plugins: [lazyChildProcess],
  });
  await build({ ...common, platform: 'node', entryPoints: [`${dist}cli/early-workers.js`], outfile: `${dist}cli/early-workers.bundle.js`, banner: requireShim });
  // Browsers: the data index (#browser-data) is bundled in; each data module it imports stays a file of its own.
  // Minified: a page that loads the bundle from a static folder or a CDN transfers it as it is.
  const browser: BuildOptions = {
    ...common, platform: 'browser', target: 'es2022', mainFields: ['browser', 'module', 'main'], minify: true,
    plugins: [dataModulesApart(dist)],
  };
  await build({ ...browser, entryPoints: [`${dist}browser/index.js`], outfile: `${dist}browser/fanjian.js` });
  // require('fanjian/browser'): the same build as CommonJS, for CommonJS code and tools that bundle for browsers. Its
  // data modules stay ES modules loaded by import(), which CommonJS may call (in Node, and in every bundler).
  await build({ ...browser, format: 'cjs', entryPoints: [`${dist}browser/index.js`], outfile: `${dist}browser/fanjian.cjs` });
  await build({
    ...browser, entryPoints: [`${dist}browser/documents.js`], outfile: `${dist}browser/documents.bundle.js`,
    plugins: [coreFromMainBundle(dist, 'browser'), dataModulesApart(dist)],
  });
  // fanjian/dom, the live-page converter: the core from the main bundle, as for documents.
  await build({
    ...browser, entryPoints: [`${dist}browser/dom.js`], outfile: `${dist}browser/dom.bundle.js`,
    plugins: [coreFromMainBundle(dist, 'browser')],
  });
  // Beside the browser build's data modules: which ones each configuration loads, for pages that preload them.
  writePreloadList();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  bundleEntries().catch((error: unknown) => {
    console.error(`fanjian bundle failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
