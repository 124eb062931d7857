/**
 * fanjian in real Chromium (Debian's, through playwright-core): the package's dist/ served as a plain static folder
 * (as a CDN serves the package) and imported with <script type="module"> and no import map; and a user's esbuild
 * bundle of `import { loadConverter } from 'fanjian'`. A page fetches only its configuration's data files, and
 * converts exactly as Node does.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, detect, repair } from '../../src/node/index.js';
import type { ConfigName } from '../../src/configs.js';
import { dataFilesOf, launchChromium, repoRoot, serveStatic, type StaticServer } from './helpers.js';
import { BYTES_THRESHOLD } from '../../src/browser/binary-data.js';
import { dataModuleString } from '../../src/data-source.js';
import { preloadLink } from '../../src/build/preload-list.js';

const article = readFileSync(new URL('../fixtures/article.txt', import.meta.url), 'utf8');

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A page that runs `script` (an ES module body) and resolves with what it assigns to window.result. */
async function runPage(server: StaticServer, path: string, script: string, input: unknown = article): Promise<{ page: Page; result: unknown }> {
  server.pages.set(path, `<!doctype html><meta charset="utf-8"><title>fanjian test</title>
<script>window.input = ${JSON.stringify(input)};</script>
<script type="module">
try { ${script} } catch (error) { window.result = { error: String(error && error.stack || error) }; }
window.done = true;
</script>`);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(new URL(path.slice(1), server.url).href);
  await page.waitForFunction('window.done === true', undefined, { timeout: 30_000 });
  const result = await page.evaluate('window.result');
  expect(errors).toEqual([]);
  return { page, result };
}

/** How many bytes a data file's module carries. */
const carried = (file: string) =>
  dataModuleString(readFileSync(join(repoRoot, 'dist', 'browser', 'data', file.replace(/\.bin$/, '.js')), 'utf8')).length;

/** The data files the static build fetches for a configuration (default corrections): the dictionaries larger than
 * the threshold as bytes (<file>.bin), the others as modules (<file>.js). */
const bytesOf = (config: ConfigName) =>
  dataFilesOf(config).map((file) => (carried(file) > BYTES_THRESHOLD ? file : file.replace(/\.bin$/, '.js'))).sort();

/** The data modules of a configuration (default corrections), as the build for bundlers imports them. */
const modulesOf = (config: ConfigName) => dataFilesOf(config).map((file) => file.replace(/\.bin$/, '.js')).sort();

/** The names of the package's data modules, without .js. */
const dataStems = () => readdirSync(join(repoRoot, 'dist', 'browser', 'data'))
  .filter((name) => name.endsWith('.js') && name !== 'index.js').map((name) => name.slice(0, -3));

const dataFetched = (server: StaticServer) =>
  server.requests.filter((r) => /\/data\//.test(r.path)).map((r) => r.path.replace(/.*\/data\//, '')).sort();

describe('static folder: dist/ imported with <script type="module">, no import map', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveStatic(join(repoRoot, 'dist'));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('an s2t page fetches only s2t\'s data and converts as Node does', async () => {
    server.requests.length = 0;
    const { page, result } = await runPage(server, '/s2t.html', `
      const { loadConverter } = await import('./browser/fanjian.js');
      const { convertDocument } = await import('./browser/documents.bundle.js');
      const converter = await loadConverter('s2t');
      window.result = [converter.convert(window.input), convertDocument('<p>汉字</p>', { format: 'html', config: 's2t' })];`);
    expect(result).toEqual([convert(article, 's2t'), '<p>漢字</p>']);
    // The s2t group (400 kB) comes as bytes, with fetch(), the small normalization group as a module.
    expect(dataFetched(server)).toEqual(bytesOf('s2t'));
    expect(bytesOf('s2t').filter((file) => file.endsWith('.bin'))).toHaveLength(1);
    expect(await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((r) => r.name.endsWith('.bin')).map((r) => (r as PerformanceResourceTiming).initiatorType))).toEqual(['fetch']);
    expect(dataFetched(server)).toHaveLength(2);
    await page.close();
  });

  it('a page that preloads fanjian.js and its data (the files listed in preload.json) fetches each file once; each decoding is a User Timing measure, in WebAssembly', async () => {
    server.requests.length = 0;
    const list = JSON.parse(readFileSync(join(repoRoot, 'dist', 'browser', 'data', 'preload.json'), 'utf8')) as
      { fanjian: Record<string, string[]> };
    expect(list.fanjian.s2twp!.map((path) => path.replace(/^data\//, '')).sort()).toEqual(bytesOf('s2twp'));
    // As README "In browsers" says: fanjian.js with modulepreload, the data (preloadLink): the files of bytes as
    // fetches, the modules as scripts.
    const preloads = ['<link rel="modulepreload" href="./browser/fanjian.js">',
      ...list.fanjian.s2twp!.map((path) => preloadLink(path, `./browser/${path}`))].join('');
    expect(preloads).toContain('<link rel="preload" as="script" crossorigin href="./browser/data/');
    server.pages.set('/preload.html', `<!doctype html><meta charset="utf-8">${preloads}<script type="module">
      const { loadConverter } = await import('./browser/fanjian.js');
      const converter = await loadConverter('s2twp');
      window.result = {
        converted: converter.convert('软件和头发'),
        measures: performance.getEntriesByType('measure').filter((m) => m.name.startsWith('fanjian: decode ')).map((m) => m.name),
        decoders: performance.getEntriesByType('measure').filter((m) => m.name.startsWith('fanjian: decode ')).map((m) => m.detail.decoder),
      };
    </script>`);
    const page = await browser.newPage();
    await page.goto(new URL('preload.html', server.url).href);
    await page.waitForFunction('window.result !== undefined', undefined, { timeout: 30_000 });
    const { converted, measures, decoders } = (await page.evaluate('window.result')) as
      { converted: string; measures: string[]; decoders: string[] };
    expect(converted).toBe(convert('软件和头发', 's2twp'));
    expect(decoders).toEqual(measures.map(() => 'wasm'));
    // The preloaded files are the ones the page and loadConverter fetch: each requested once (a preload that the
    // fetch did not match would be a second request), nothing else.
    expect(dataFetched(server)).toEqual(bytesOf('s2twp'));
    expect(server.requests.filter((r) => r.path.endsWith('/fanjian.js'))).toHaveLength(1);
    expect(measures.map((name) => name.slice('fanjian: decode '.length)).sort()).toEqual(dataFilesOf('s2twp'));
    await page.close();
  });

  it('without WebAssembly the JavaScript decoder gives the same conversions', async () => {
    const { page, result } = await runPage(server, '/no-wasm.html', `
      delete globalThis.WebAssembly;
      const { loadConverter } = await import('./browser/fanjian.js');
      const converter = await loadConverter('s2twp');
      window.result = {
        converted: converter.convert(window.input),
        decoders: performance.getEntriesByType('measure').filter((m) => m.name.startsWith('fanjian: decode ')).map((m) => m.detail.decoder),
      };`);
    const { converted, decoders } = result as { converted: string; decoders: string[] };
    expect(converted).toBe(convert(article, 's2twp'));
    expect(decoders).toEqual(modulesOf('s2twp').map(() => 'js'));
    await page.close();
  });

  it('a page whose Content-Security-Policy forbids WebAssembly decodes in JavaScript, with the same conversions', async () => {
    // script-src without 'wasm-unsafe-eval': Chromium refuses to compile any WebAssembly module in the page.
    server.pages.set('/csp.html', `<!doctype html><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'unsafe-inline'">
<script type="module">
  const { loadConverter } = await import('./browser/fanjian.js');
  const converter = await loadConverter('s2t');
  window.result = {
    converted: converter.convert('软件和头发，干部'),
    decoders: performance.getEntriesByType('measure').filter((m) => m.name.startsWith('fanjian: decode ')).map((m) => m.detail.decoder),
  };
</script>`);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(new URL('csp.html', server.url).href);
    // Functions, not strings: Playwright evaluates a string predicate with eval, which this policy refuses too.
    const done = () => (window as unknown as { result?: unknown }).result !== undefined;
    await page.waitForFunction(done, undefined, { timeout: 30_000 });
    const { converted, decoders } = (await page.evaluate(() => (window as unknown as { result: unknown }).result)) as
      { converted: string; decoders: string[] };
    expect(errors).toEqual([]);
    expect(converted).toBe(convert('软件和头发，干部', 's2t'));
    expect(decoders).toEqual(modulesOf('s2t').map(() => 'js'));
    await page.close();
  });

  it('explain gives the corrections\' reasons once converter.loadReasons() fetched them; converting never does', async () => {
    server.requests.length = 0;
    const { page, result } = await runPage(server, '/reasons.html', `
      const { loadConverter } = await import('./browser/fanjian.js');
      const converter = await loadConverter('s2tw');
      const converted = converter.convert('中俄关系');
      const before = converter.explain('中俄关系')[0];
      const fetchedBefore = performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/data/'));
      await converter.loadReasons();
      window.result = { converted, before, after: converter.explain('中俄关系')[0], fetchedBefore };`, '');
    const { converted, before, after, fetchedBefore } = result as Record<string, Record<string, unknown> & string[]>;
    expect(converted).toBe('中俄關係');
    expect(before).toMatchObject({ target: '中俄關係', dictionary: 'STPhrases (fanjian)' });
    expect(before!.reason).toBeUndefined();
    expect((fetchedBefore as string[]).some((n) => n.includes('correction-reasons'))).toBe(false);
    expect(after!.reason).toMatch(/關係/);
    expect(dataFetched(server)).toContain('correction-reasons.js');
    await page.close();
  });

  it('a data module that fails to load rejects with DICTIONARY_DATA_MISSING, and the next call loads it', async () => {
    server.pages.set('/retry.html', `<!doctype html><meta charset="utf-8"><script type="module">
      const { loadConverter } = await import('./browser/fanjian.js');
      window.attempt = async () => {
        try { return (await loadConverter('t2s')).convert('漢字'); } catch (error) { return { code: error.code, message: error.message }; }
      };
      window.ready = true;
    </script>`);
    const page = await browser.newPage();
    await page.route('**/data/TSPhrases*', (route) => route.abort());
    await page.goto(new URL('retry.html', server.url).href);
    await page.waitForFunction('window.ready === true');
    const failed = (await page.evaluate('window.attempt()')) as { code: string; message: string };
    expect(failed.code).toBe('DICTIONARY_DATA_MISSING');
    expect(failed.message).toMatch(/TSPhrases\+TSCharacters.*served beside the entry/);
    await page.unroute('**/data/TSPhrases*');
    expect(await page.evaluate('window.attempt()')).toBe('汉字');
    await page.close();
  });

  it('a t2s page fetches only t2s\'s data; detect and repair fetch theirs when called', async () => {
    server.requests.length = 0;
    const { page, result } = await runPage(server, '/t2s.html', `
      const { loadConverter, loadDetector } = await import('./browser/fanjian.js');
      const converter = await loadConverter('t2s');
      const converted = converter.convert(window.input);
      const before = performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/data/'));
      const { detect, repair } = await loadDetector();
      window.result = { converted, before, detection: detect(window.input), repaired: repair(window.input, { to: 'tw' }) };`);
    const { converted, before, detection, repaired } = result as Record<string, unknown>;
    expect(converted).toBe(convert(article, 't2s'));
    expect((before as string[]).map((n) => n.replace(/.*\/data\//, '')).sort())
      .toEqual(bytesOf('t2s'));
    expect(detection).toEqual(JSON.parse(JSON.stringify(detect(article))));
    expect(repaired).toEqual(JSON.parse(JSON.stringify(repair(article, { to: 'tw' }))));
    expect(dataFetched(server)).toEqual(expect.arrayContaining(['script-classes.js', 'attested-traditional.js']));
    await page.close();
  });
});

describe('a user\'s esbuild bundle (platform browser) of `import { loadConverter } from \'fanjian\'`', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'fanjian-esbuild-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(repoRoot, join(project, 'node_modules', 'fanjian'), 'dir');
    writeFileSync(join(project, 'main.js'), `import { loadConverter } from 'fanjian';
const converter = await loadConverter(window.config);
window.result = converter.convert(window.input);
window.done = true;
`);
  });
  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
  });

  for (const splitting of [true, false]) {
    it(`converts as Node does (${splitting ? 'code splitting: only s2twp\'s data is fetched' : 'one file'})`, async () => {
      const out = join(project, splitting ? 'split' : 'single');
      await build({
        entryPoints: [join(project, 'main.js')], bundle: true, platform: 'browser', format: 'esm',
        outdir: out, splitting, absWorkingDir: project, logLevel: 'silent',
      });
      const server = await serveStatic(out);
      try {
        server.pages.set('/index.html', `<!doctype html><meta charset="utf-8">
<script>window.input = ${JSON.stringify(article)}; window.config = 's2twp';</script>
<script type="module" src="./main.js"></script>`);
        const page = await browser.newPage();
        await page.goto(`${server.url}index.html`);
        await page.waitForFunction('window.done === true', undefined, { timeout: 30_000 });
        expect(await page.evaluate('window.result')).toBe(convert(article, 's2twp'));
        await page.close();
        const scripts = server.requests.filter((r) => r.path.endsWith('.js')).map((r) => r.path);
        if (splitting) {
          // esbuild names each chunk after its data module: exactly s2twp's three are fetched.
          const fetched = dataStems().filter((stem) => scripts.some((path) => path.startsWith(`/${stem}-`)));
          expect(fetched.sort()).toEqual(modulesOf('s2twp').map((name) => name.slice(0, -3)));
          expect(fetched).toHaveLength(3);
        } else {
          expect(scripts).toEqual(['/main.js']);
        }
      } finally {
        await server.close();
      }
    });
  }
});
