/**
 * `npm run bench:browser`: fanjian in Debian's Chromium against opencc-js 1.4.2's prebuilt browser files (cn2t.js,
 * t2cn.js), in one run, served gzip-compressed from 127.0.0.1 as a static host serves them:
 *  - bytes transferred for a page that converts with s2t only, and one with t2s only;
 *  - navigation to the first conversion (performance.now() when the first convert() returns, from the navigation
 *    start), each load cold (a fresh browser context, nothing cached), the pages alternating; median of RUNS;
 *  - measures that depend less on the machine's load: the renderer's main-thread task time up to the first
 *    conversion (Chromium's TaskDuration, through CDP), and the time fanjian spent decoding its dictionaries (its
 *    `fanjian: decode` User Timing measures);
 *  - fanjian twice: the page as written with loadConverter alone, and the same page declaring its data files with
 *    <link rel="modulepreload"> (as README "In browsers" suggests), which fetches them beside fanjian.js;
 *  - conversion speed in the page: MB/s of UTF-8 input, median of 5 runs after 2 warm-up runs;
 *  - the floor: an empty module page, from navigation to its script (Chromium starting a page, nothing of ours);
 *  - with FANJIAN_BENCH_BASELINE naming another built checkout (e.g. a copy of main), its fanjian too, served from
 *    there and alternating with the others: before and after in one run.
 * Never run by the tests. Needs Chromium (CHROMIUM_PATH or `chromium` on PATH) and a built dist/.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { DataStore, dataModuleName } from '../data-source.js';
import { resolveConfig } from '../configs.js';
import { nodeDataSource } from '../node/data-source.js';
import { launchChromium, serveStatic, type StaticServer } from './browser-harness.js';
import { formatTable, median, ratio } from './measure.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = Number(process.env.FANJIAN_BENCH_RUNS ?? 5);
const SAMPLE = 'test/fixtures/sample-data689k.txt';
const FIRST_TEXT = '这是一个简体中文的句子，头发和干部。';

const BASELINE = process.env.FANJIAN_BENCH_BASELINE;
type Library = 'fanjian' | 'fanjian, data preloaded' | 'baseline' | 'opencc-js' | 'empty page';
const LIBRARIES: readonly Library[] = ['fanjian', 'fanjian, data preloaded', ...(BASELINE ? ['baseline' as const] : []),
  'opencc-js', 'empty page'];
type Config = 's2t' | 't2s';

/** The data modules a configuration's page loads (default corrections). */
function dataModules(config: Config): string[] {
  return new DataStore(nodeDataSource).configFiles(resolveConfig(config), true).map((file) => `/dist/browser/data/${dataModuleName(file)}`);
}

/** The page: load the library, create a converter, convert once; `window.first` is the time that took from navigation. */
function page(library: Library, config: Config): string {
  const text = JSON.stringify(FIRST_TEXT);
  if (library === 'empty page') {
    return `<!doctype html><meta charset="utf-8"><title>empty</title>\n<script type="module">window.first = performance.now();</script>`;
  }
  if (library !== 'opencc-js') {
    const preload = library === 'fanjian' ? '' : dataModules(config).map((href) => `<link rel="modulepreload" href="${href}">`).join('');
    return `<!doctype html><meta charset="utf-8"><title>fanjian ${config}</title>${preload}
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
  /** The renderer's main-thread task time when the first conversion was read back. */
  readonly taskMs: number;
  /** fanjian's dictionary decoding (its User Timing measures). */
  readonly decodeMs: number;
  readonly transferred: number;
  readonly files: number;
}

const pathOf = (library: Library, config: Config) => `/bench-${library.replace(/\W+/g, '-')}-${config}.html`;

/** Each page is served by the server of the build it loads: the baseline's from its own folder. */
interface Servers {
  readonly ours: StaticServer;
  readonly baseline?: StaticServer;
}

const serverOf = (servers: Servers, library: Library) => (library === 'baseline' ? servers.baseline! : servers.ours);

async function coldLoad(browser: Browser, servers: Servers, library: Library, config: Config): Promise<Load> {
  const server = serverOf(servers, library);
  const path = pathOf(library, config);
  server.pages.set(path, page(library, config));
  server.requests.length = 0;
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    await tab.goto(new URL(path.slice(1), server.url).href);
    await tab.waitForFunction('window.first !== undefined', undefined, { timeout: 60_000 });
    const { metrics } = await cdp.send('Performance.getMetrics');
    const taskMs = 1000 * (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN);
    const [firstMs, decodeMs] = (await tab.evaluate(() => [
      (window as unknown as { first: number }).first,
      performance.getEntriesByType('measure').filter((m) => m.name.startsWith('fanjian: decode')).reduce((sum, m) => sum + m.duration, 0),
    ])) as [number, number];
    const transferred = server.requests.reduce((sum, r) => sum + r.transferred, 0);
    return { firstMs, taskMs, decodeMs, transferred, files: server.requests.length };
  } finally {
    await context.close();
  }
}

/** MB/s of converting the sample in the page (median of 5 after 2 warm-up runs). */
async function speed(browser: Browser, servers: Servers, library: Library, config: Config, text: string): Promise<number> {
  const server = serverOf(servers, library);
  const path = pathOf(library, config);
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
  const servers: Servers = {
    ours: await serveStatic(root),
    ...(BASELINE ? { baseline: await serveStatic(BASELINE) } : {}),
  };
  try {
    const text = readFileSync(new URL(SAMPLE, `file://${root}`), 'utf8');
    const loadRows: string[][] = [];
    const speedRows: string[][] = [];
    for (const config of ['s2t', 't2s'] as const) {
      const loads = Object.fromEntries(LIBRARIES.map((library) => [library, [] as Load[]])) as Record<Library, Load[]>;
      // One load of each first, uncounted (the browser process warms up), then alternate, the order turning each round.
      for (const library of LIBRARIES) await coldLoad(browser, servers, library, config);
      for (let i = 0; i < RUNS; i++) {
        for (let k = 0; k < LIBRARIES.length; k++) {
          const library = LIBRARIES[(i + k) % LIBRARIES.length]!;
          loads[library].push(await coldLoad(browser, servers, library, config));
        }
      }
      const ms = (library: Library, key: 'firstMs' | 'taskMs' | 'decodeMs') => median(loads[library].map((l) => l[key]));
      for (const library of LIBRARIES) {
        const first = loads[library][0]!;
        const ours = library.startsWith('fanjian') || library === 'baseline';
        loadRows.push([config, library, kb(first.transferred), String(first.files), `${ms(library, 'firstMs').toFixed(0)} ms`,
          library === 'empty page' ? '—' : ratio(ms('opencc-js', 'firstMs'), ms(library, 'firstMs')),
          `${ms(library, 'taskMs').toFixed(0)} ms`, ours ? `${ms(library, 'decodeMs').toFixed(1)} ms` : '—',
          loads[library].map((l) => l.firstMs.toFixed(0)).join(' ')]);
      }
      const ours = await speed(browser, servers, 'fanjian', config, text);
      const before = BASELINE ? await speed(browser, servers, 'baseline', config, text) : NaN;
      const theirs = await speed(browser, servers, 'opencc-js', config, text);
      speedRows.push([config, ours.toFixed(1), ...(BASELINE ? [before.toFixed(1)] : []), theirs.toFixed(1), ratio(ours, theirs)]);
    }
    const load = loadavg().map((l) => l.toFixed(1)).join(' ');
    console.log(`\nChromium ${browser.version()}, pages served gzip-compressed from 127.0.0.1, ${RUNS} cold loads each, alternating; ` +
      `load average at the end ${load}${BASELINE ? `; baseline: ${BASELINE}` : ''}\n`);
    console.log(formatTable(['config', 'page', 'transferred', 'requests', 'first conversion', 'vs opencc-js',
      'main-thread tasks', 'decoding', 'runs (ms)'], loadRows));
    console.log(`\nConversion speed in the page (${SAMPLE}, MB/s of UTF-8 input, median of 5 after 2 warm-up runs)\n`);
    console.log(formatTable(['config', 'fanjian', ...(BASELINE ? ['baseline'] : []), 'opencc-js', 'speed-up'], speedRows));
  } finally {
    await servers.ours.close();
    await servers.baseline?.close();
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
