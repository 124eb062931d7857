/**
 * `npm run bench:browser`: fanjian in Debian's Chromium against opencc-js 1.4.2's prebuilt browser files (cn2t.js,
 * t2cn.js), in one run, served gzip-compressed from 127.0.0.1 as a static host serves them:
 *  - bytes transferred for a page that converts with s2t only, and one with t2s only;
 *  - navigation to the first conversion (performance.now() when the first convert() returns, from the navigation
 *    start), each load cold (a fresh browser context), the two libraries alternating; median of RUNS;
 *  - conversion speed in the page: MB/s of UTF-8 input, median of 5 runs after 2 warm-up runs.
 * Never run by the tests. Needs Chromium (CHROMIUM_PATH or `chromium` on PATH) and a built dist/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, serveStatic, type StaticServer } from './browser-harness.js';
import { formatTable, median, ratio } from './measure.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = Number(process.env.FANJIAN_BENCH_RUNS ?? 5);
const SAMPLE = 'test/fixtures/sample-data689k.txt';
const FIRST_TEXT = '这是一个简体中文的句子，头发和干部。';

type Library = 'fanjian' | 'opencc-js';
type Config = 's2t' | 't2s';

/** The page: load the library, create a converter, convert once; `window.first` is the time that took from navigation. */
function page(library: Library, config: Config): string {
  const text = JSON.stringify(FIRST_TEXT);
  if (library === 'fanjian') {
    return `<!doctype html><meta charset="utf-8"><title>fanjian ${config}</title>
<script type="module">
import { loadConverter } from '/dist/browser/fanjian.js';
const converter = await loadConverter('${config}');
window.out = converter.convert(${text});
window.first = performance.now();
window.convert = (t) => converter.convert(t);
</script>`;
  }
  const file = config === 's2t' ? 'cn2t.js' : 't2cn.js';
  const pair = config === 's2t' ? "{ from: 'cn', to: 't' }" : "{ from: 't', to: 'cn' }";
  return `<!doctype html><meta charset="utf-8"><title>opencc-js ${config}</title>
<script src="/node_modules/opencc-js/dist/umd/${file}"></script>
<script>
const converter = OpenCC.Converter(${pair});
window.out = converter(${text});
window.first = performance.now();
window.convert = (t) => converter(t);
</script>`;
}

interface Load {
  readonly firstMs: number;
  readonly transferred: number;
  readonly files: number;
}

async function coldLoad(browser: Browser, server: StaticServer, library: Library, config: Config): Promise<Load> {
  const path = `/bench-${library}-${config}.html`;
  server.pages.set(path, page(library, config));
  server.requests.length = 0;
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(new URL(path.slice(1), server.url).href);
    await tab.waitForFunction('window.first !== undefined', undefined, { timeout: 60_000 });
    const firstMs = (await tab.evaluate('window.first')) as number;
    const transferred = server.requests.reduce((sum, r) => sum + r.transferred, 0);
    return { firstMs, transferred, files: server.requests.length };
  } finally {
    await context.close();
  }
}

/** MB/s of converting the sample in the page (median of 5 after 2 warm-up runs). */
async function speed(browser: Browser, server: StaticServer, library: Library, config: Config, text: string): Promise<number> {
  const path = `/bench-${library}-${config}.html`;
  server.pages.set(path, page(library, config));
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(new URL(path.slice(1), server.url).href);
    await tab.waitForFunction('window.first !== undefined', undefined, { timeout: 60_000 });
    const times = await tab.evaluate((input: string) => {
      const convert = (window as unknown as { convert(t: string): string }).convert;
      // Ten conversions per timed run: the page's clock may be coarse (multiples of 5 ms were seen in headless runs).
      const runs: number[] = [];
      for (let i = 0; i < 7; i++) {
        const start = performance.now();
        for (let k = 0; k < 10; k++) convert(input);
        if (i >= 2) runs.push((performance.now() - start) / 10);
      }
      return runs;
    }, text);
    return Buffer.byteLength(text) / 1e6 / (median(times) / 1000);
  } finally {
    await context.close();
  }
}

/** Kilobytes of 1000 bytes, as the targets and opencc-js's sizes are stated. */
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

async function main(): Promise<void> {
  const browser = await launchChromium();
  const server = await serveStatic(root);
  try {
    const text = readFileSync(new URL(SAMPLE, `file://${root}`), 'utf8');
    const loadRows: string[][] = [];
    const speedRows: string[][] = [];
    for (const config of ['s2t', 't2s'] as const) {
      const loads: Record<Library, Load[]> = { fanjian: [], 'opencc-js': [] };
      // One load of each first, uncounted (the browser process warms up), then alternate.
      await coldLoad(browser, server, 'fanjian', config);
      await coldLoad(browser, server, 'opencc-js', config);
      for (let i = 0; i < RUNS; i++) {
        for (const library of (i % 2 === 0 ? ['fanjian', 'opencc-js'] : ['opencc-js', 'fanjian']) as Library[]) {
          loads[library].push(await coldLoad(browser, server, library, config));
        }
      }
      const first = (library: Library) => median(loads[library].map((l) => l.firstMs));
      const bytes = (library: Library) => loads[library][0]!.transferred;
      loadRows.push([config, kb(bytes('fanjian')), kb(bytes('opencc-js')), `${loads.fanjian[0]!.files} / ${loads['opencc-js'][0]!.files}`,
        `${first('fanjian').toFixed(0)} ms`, `${first('opencc-js').toFixed(0)} ms`, ratio(first('opencc-js'), first('fanjian')),
        loads.fanjian.map((l) => l.firstMs.toFixed(0)).join(' ')]);
      const ours = await speed(browser, server, 'fanjian', config, text);
      const theirs = await speed(browser, server, 'opencc-js', config, text);
      speedRows.push([config, ours.toFixed(1), theirs.toFixed(1), ratio(ours, theirs)]);
    }
    console.log(`\nChromium ${browser.version()}, pages served gzip-compressed from 127.0.0.1, ${RUNS} cold loads each, alternating\n`);
    console.log(formatTable(['config', 'fanjian transferred', 'opencc-js transferred', 'requests (fanjian / opencc-js)',
      'fanjian first conversion', 'opencc-js first conversion', 'faster', 'fanjian runs (ms)'], loadRows));
    console.log(`\nConversion speed in the page (${SAMPLE}, MB/s of UTF-8 input, median of 5 after 2 warm-up runs)\n`);
    console.log(formatTable(['config', 'fanjian', 'opencc-js', 'speed-up'], speedRows));
  } finally {
    await server.close();
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
