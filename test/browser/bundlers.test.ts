/**
 * A user's Vite and webpack builds of a tiny app that imports `fanjian` from the package folder, with each tool's
 * defaults (no configuration about fanjian): the output served as a static folder and loaded in Chromium converts as
 * Node does, and fetches, of fanjian's data, exactly the modules of the configuration it uses. (esbuild:
 * data-chromium.test.ts.)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { dataFilesOf, launchChromium, repoRoot, serveStatic } from './helpers.js';

const article = readFileSync(new URL('../fixtures/article.txt', import.meta.url), 'utf8');
const CONFIG = 's2twp';

let browser: Browser;
let project: string;
/** Each data module's string, by module name: what identifies a chunk whatever the bundler named it. */
const shipped = new Map<string, string>();

beforeAll(async () => {
  browser = await launchChromium();
  project = mkdtempSync(join(tmpdir(), 'fanjian-bundlers-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(repoRoot, join(project, 'node_modules', 'fanjian'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  writeFileSync(join(project, 'main.js'), `import { loadConverter } from 'fanjian';
loadConverter(window.config).then((converter) => {
  window.result = converter.convert(window.input);
  window.done = true;
}, (error) => {
  window.result = String(error);
  window.done = true;
});
`);
  const dataDir = join(repoRoot, 'dist', 'browser', 'data');
  for (const name of readdirSync(dataDir).filter((n) => n.endsWith('.js') && n !== 'index.js')) {
    shipped.set(name, (await import(pathToFileURL(join(dataDir, name)).href)).default as string);
  }
});
afterAll(async () => {
  await browser?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

/** The strings a webpack chunk's modules export (each module calls r.d(exports, { default: () => value }), or in
 * webpack 5.10x r.d(exports, ['default', 0, value])). */
function webpackChunkStrings(code: string): string[] {
  const self: { webpackChunkapp?: unknown[][] } = {};
  runInNewContext(code, { self });
  const strings: string[] = [];
  for (const [, modules] of (self.webpackChunkapp ?? []) as [unknown, Record<string, (m: unknown, e: object, r: object) => void>][]) {
    for (const factory of Object.values(modules)) {
      const exports: Record<string, unknown> = {};
      const require = {
        d: (target: Record<string, unknown>, getters: Record<string, () => unknown> | unknown[]) => {
          if (Array.isArray(getters)) {
            for (let i = 0; i + 2 < getters.length; i += 3) {
              const value = getters[i + 2];
              target[String(getters[i])] = typeof value === 'function' ? (value as () => unknown)() : value;
            }
          } else {
            for (const [key, get] of Object.entries(getters)) target[key] = get();
          }
        },
        r: () => undefined,
      };
      factory({ exports }, exports, require);
      if (typeof exports.default === 'string') strings.push(exports.default);
    }
  }
  return strings;
}

/** The data modules a served output's fetched scripts carry. */
async function dataModulesIn(out: string, paths: string[], kind: 'esm' | 'webpack'): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const file = join(out, path);
    const strings = kind === 'esm'
      ? [(await import(pathToFileURL(file).href) as { default?: unknown }).default].filter((v): v is string => typeof v === 'string')
      : webpackChunkStrings(readFileSync(file, 'utf8'));
    for (const text of strings) {
      for (const [name, value] of shipped) if (value === text) found.push(name);
    }
  }
  return found.sort();
}

async function loadOutput(out: string, entry: string): Promise<{ result: unknown; scripts: string[] }> {
  const server = await serveStatic(out);
  try {
    server.pages.set('/app.html', `<!doctype html><meta charset="utf-8">
<script>window.input = ${JSON.stringify(article)}; window.config = '${CONFIG}';</script>
<script ${entry.endsWith('.mjs') || entry.includes('assets') ? 'type="module" ' : ''}src="${entry}"></script>`);
    const page = await browser.newPage();
    await page.goto(`${server.url}app.html`);
    await page.waitForFunction('window.done === true', undefined, { timeout: 60_000 });
    const result = await page.evaluate('window.result');
    await page.close();
    return { result, scripts: server.requests.filter((r) => r.path.endsWith('.js')).map((r) => r.path.slice(1)) };
  } finally {
    await server.close();
  }
}

const expected = () => dataFilesOf(CONFIG).map((file) => file.replace(/\.bin$/, '.js')).sort();

describe('bundlers pick up the browser build and its data modules with their defaults', () => {
  it(`Vite: a production build converts as Node does and fetches only ${CONFIG}'s data`, async () => {
    const { build } = await import('vite');
    const out = join(project, 'vite-out');
    writeFileSync(join(project, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="/main.js"></script>');
    await build({ root: project, configFile: false, logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const entry = /src="\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(entry, html).toBeDefined();
    const { result, scripts } = await loadOutput(out, entry!);
    expect(result).toBe(convert(article, CONFIG));
    const chunks = scripts.filter((path) => path !== entry);
    expect(await dataModulesIn(out, chunks, 'esm')).toEqual(expected());
    expect(chunks).toHaveLength(expected().length);
  }, 120_000);

  it(`webpack: a production build converts as Node does and fetches only ${CONFIG}'s data`, async () => {
    const { default: webpack } = await import('webpack');
    const out = join(project, 'webpack-out');
    const stats = await new Promise<import('webpack').Stats>((resolve, reject) => {
      webpack({ mode: 'production', context: project, entry: './main.js', output: { path: out } }, (error, result) => {
        if (error || !result) reject(error ?? new Error('no stats'));
        else resolve(result);
      });
    });
    expect(stats.hasErrors(), stats.toString('errors-only')).toBe(false);
    const { result, scripts } = await loadOutput(out, 'main.js');
    expect(result).toBe(convert(article, CONFIG));
    const chunks = scripts.filter((path) => path !== 'main.js');
    expect(await dataModulesIn(out, chunks, 'webpack')).toEqual(expected());
    expect(chunks).toHaveLength(expected().length);
  }, 180_000);
});
