/**
 * Build step (Node): bundle each package entry into one module. Node's ES module loader costs about a millisecond
 * per file, so the dozen core modules as separate files would dominate start-up; bundled, `import 'fanjian'` loads
 * one file. The bundles sit beside the entries they replace (dist/node, dist/browser), so relative paths such as
 * the data directory stay valid.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../', import.meta.url));

export async function bundleEntries(): Promise<void> {
  const common = { bundle: true, format: 'esm', target: 'node20', sourcemap: true, legalComments: 'none' } as const;
  await build({ ...common, platform: 'node', entryPoints: [`${dist}node/index.js`], outfile: `${dist}node/fanjian.js` });
  // CommonJS for require(): the same bundle, with import.meta.url recreated from __filename.
  await build({
    ...common, format: 'cjs', platform: 'node', entryPoints: [`${dist}node/index.js`], outfile: `${dist}node/fanjian.cjs`,
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: 'const importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  // The command line and its worker threads, dependencies included; CommonJS dependencies get a real require().
  for (const name of ['main', 'worker']) {
    await build({
      ...common, platform: 'node', entryPoints: [`${dist}cli/${name}.js`], outfile: `${dist}cli/${name}.bundle.js`,
      banner: { js: 'import { createRequire as __fanjianRequire } from "node:module"; const require = __fanjianRequire(import.meta.url);' },
    });
  }
  // The embedded dictionaries stay a separate module, resolved through package.json "imports".
  await build({
    ...common, platform: 'neutral', entryPoints: [`${dist}browser/index.js`], outfile: `${dist}browser/fanjian.js`,
    external: ['#embedded-data'],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  bundleEntries().catch((error: unknown) => {
    console.error(`fanjian bundle failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
