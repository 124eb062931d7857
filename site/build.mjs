/**
 * npm run site: build the playground into dist/site, a static folder that any web server (or `npm run serve`)
 * can serve. The page's script is bundled with esbuild; fanjian itself is the package's browser build, copied
 * beside it as a CDN would serve it. A service worker caches every file so the page works offline once loaded.
 *
 * Run after `npm run build` (the npm script does both).
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const site = join(root, 'site');
const dist = join(root, 'dist');
const out = process.env.FANJIAN_SITE_DIR ? resolve(process.env.FANJIAN_SITE_DIR) : join(dist, 'site');

if (!existsSync(join(dist, 'browser', 'fanjian.js'))) {
  console.error('fanjian site: dist/browser/fanjian.js is missing; run "npm run build" first (npm run site does).');
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

/** The library's browser build, as published: the page imports it by these relative names. */
const LIBRARY = {
  [join(dist, 'browser', 'index.js')]: './fanjian.js',
  [join(dist, 'browser', 'documents.js')]: './documents.bundle.js',
};

// Split: what the first output does not need (the file drop's encoding detection, with chardet's tables) is a chunk
// loaded with the first file.
await build({
  entryPoints: { playground: join(dist, 'browser', 'playground', 'main.js') },
  outdir: out, splitting: true, chunkNames: 'chunks/[name]-[hash]',
  bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, sourcemap: true, legalComments: 'none',
  mainFields: ['browser', 'module', 'main'],
  plugins: [{
    name: 'fanjian-library',
    setup(builder) {
      builder.onResolve({ filter: /\.js$/ }, (args) => {
        const target = LIBRARY[resolve(args.resolveDir, args.path)];
        return target ? { path: target, external: true } : undefined;
      });
    },
  }],
});

/** Copies a file, or a folder with everything in it. */
function copyTree(from, to) {
  if (!existsSync(from)) return;
  if (statSync(from).isDirectory()) {
    for (const entry of readdirSync(from)) copyTree(join(from, entry), join(to, entry));
    return;
  }
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

for (const name of ['fanjian.js', 'documents.bundle.js', 'dom.bundle.js']) copyTree(join(dist, 'browser', name), join(out, name));
// The data, fetched on demand by fanjian.js: the default dictionaries as bytes (<group>.bin), the rest as modules.
// A module whose bytes are there too is left out: this build never imports it (it is for bundlers).
const data = join(dist, 'browser', 'data');
const names = readdirSync(data);
for (const name of names) {
  if (name.endsWith('.js') && names.includes(name.replace(/\.js$/, '.bin'))) continue;
  copyTree(join(data, name), join(out, 'data', name));
}

for (const name of ['playground.css', 'icon.svg', 'manifest.webmanifest']) copyFileSync(join(site, name), join(out, name));
copyFileSync(join(site, 'index.html'), join(out, 'index.html'));

// The service worker lists every file with a version from their contents: a new build replaces the old cache.
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (!entry.name.endsWith('.map')) files.push(relative(out, path).split(/[\\/]/).join('/'));
  }
};
walk(out);
files.sort();
const hash = createHash('sha256');
for (const file of files) hash.update(file).update(readFileSync(join(out, file)));
const worker = readFileSync(join(site, 'sw.js'), 'utf8')
  .replace('__VERSION__', hash.digest('hex').slice(0, 16))
  .replace('__FILES__', JSON.stringify(['./', ...files.map((f) => `./${f}`)]));
writeFileSync(join(out, 'sw.js'), worker);

const total = files.reduce((sum, file) => sum + readFileSync(join(out, file)).length, 0);
console.log(`fanjian site: ${files.length + 1} files, ${(total / 1024 / 1024).toFixed(1)} MB in ${relative(root, out) || '.'}; npm run serve to open it`);
