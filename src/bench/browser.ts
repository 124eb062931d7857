/**
 * `npm run bench:browser`: fanjian in Debian's Chromium against opencc-js 1.4.2's prebuilt browser files (cn2t.js,
 * t2cn.js), in one run, served gzip-compressed from 127.0.0.1 as a static host serves them:
 *  - bytes transferred for a page that converts with s2t only, and one with t2s only;
 *  - navigation to the first conversion (performance.now() when the first convert() returns, from the navigation
 *    start), each load cold (a fresh browser context, nothing cached), the pages alternating; median of RUNS;
 *  - measures that depend less on the machine's load: the renderer's main-thread task time up to the first
 *    conversion (Chromium's TaskDuration, through CDP), its CPU time (ThreadTime for the main thread, ProcessTime for
 *    the renderer, which the load does not inflate), and the time fanjian spent decoding its dictionaries (its
 *    `fanjian: decode` User Timing measures);
 *  - fanjian twice: the page as written with loadConverter alone (dist/browser/fanjian.js, the build for pages
 *    without a bundler), and the page set up as README "In browsers" recommends, declaring fanjian.js
 *    (modulepreload) and its data files (preload.json: preload as=fetch for bytes, as=script for modules) in its
 *    head, which fetches the data beside fanjian.js instead of after it has run;
 *  - a timeline of the same loads (Navigation, Resource and User Timing read in the page once it is done): HTML,
 *    fanjian.js, evaluation, data requested and in, decoding, converter built, first conversion;
 *  - conversion speed in the page: MB/s of UTF-8 input by the main thread's CPU time (and by the page's clock), runs of
 *    at least 300 ms each converting the sample repeated to 1 MB, median of 5 runs after 2 warm-up runs;
 *  - the floor: an empty module page, from navigation to its script (Chromium starting a page, nothing of ours);
 *  - with FANJIAN_BENCH_BASELINE naming another built checkout (e.g. a copy of main), its fanjian too (both page
 *    setups), served from there and alternating with the others: before and after in one run.
 * Nothing runs in a page while it loads (see untilDone), and each page is navigated once its window has finished
 * opening (OPEN_SETTLE_MS).
 * Never run by the tests. Needs Chromium (CHROMIUM_PATH or `chromium` on PATH) and a built dist/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { preloadLink, type PreloadList } from '../build/preload-list.js';
import { launchChromium } from './browser-harness.js';
import { serveStaticApart, serveStaticHere, type BenchServer } from './server-process.js';
import { formatTable, median, ratio } from './measure.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = Number(process.env.FANJIAN_BENCH_RUNS ?? 5);
/** Pause after each cold load (ms). */
const SETTLE_MS = 300;
/**
 * Pause between opening a cold load's window (a fresh browser context and its tab) and navigating it (ms). Opening a
 * window starts Chromium's own omnibox popup, a WebUI page in a renderer of its own: a trace of one cold load counted
 * 228 ms of its main-thread tasks during the page's load when the bench navigated at once, 37 ms after waiting 700 ms
 * (2026-11-27, load average 10–14), on a machine of two cores. A user's navigation happens in a window already open, so
 * every page (fanjian's, opencc-js's, the empty one) is measured after that start. FANJIAN_BENCH_OPEN_SETTLE_MS=0
 * measures as before this pause existed.
 */
const OPEN_SETTLE_MS = Number(process.env.FANJIAN_BENCH_OPEN_SETTLE_MS ?? 700);
const SAMPLE = 'test/fixtures/sample-data689k.txt';
/** The speed measure's input (the sample repeated), its runs, and how long each run converts at least (ms). */
const SPEED_INPUT_BYTES = 1_000_000;
const SPEED_RUNS = 5;
const SPEED_RUN_MS = Number(process.env.FANJIAN_BENCH_SPEED_RUN_MS ?? 300);
const FIRST_TEXT = '这是一个简体中文的句子，头发和干部。';

/**
 * Where the static server runs: in a process of its own (the default; see server-process.ts), or in the bench's
 * process (FANJIAN_BENCH_SERVER=here), where it shares its event loop with Playwright's handling of the pages'
 * DevTools events, as the bench measured before 2026-11-27 08:00.
 */
const SERVER_HERE = process.env.FANJIAN_BENCH_SERVER === 'here';
const serve = (folder: string) => (SERVER_HERE ? serveStaticHere(folder) : serveStaticApart(folder));

const BASELINE = process.env.FANJIAN_BENCH_BASELINE;
type Library = 'fanjian' | 'fanjian, data preloaded' | 'baseline' | 'baseline, data preloaded' | 'opencc-js' | 'empty page';
const LIBRARIES: readonly Library[] = ['fanjian', 'fanjian, data preloaded',
  ...(BASELINE ? ['baseline', 'baseline, data preloaded'] as const : []), 'opencc-js', 'empty page'];
type Config = 's2t' | 't2s';

/**
 * What the recommended page setup declares in its head: fanjian.js (modulepreload) and the data files its
 * configuration fetches (preload.json: bytes with `preload as=fetch`, modules with `preload as=script`). A baseline
 * build gets what its README recommended until 2026-11-27 08:20: modulepreload for the modules.
 */
function preloads(config: Config, list: PreloadList, baseline: boolean): string {
  return ['<link rel="modulepreload" href="/dist/browser/fanjian.js">',
    ...list.fanjian[config]!.map((path) => (baseline && path.endsWith('.js')
      ? `<link rel="modulepreload" href="/dist/browser/${path}">`
      : preloadLink(path, `/dist/browser/${path}`)))].join('');
}

/** The build's dist/browser/data/preload.json: this checkout's, or the baseline's for its pages. */
function preloadListOf(library: Library): PreloadList {
  const folder = library.startsWith('baseline') ? BASELINE! : root;
  return JSON.parse(readFileSync(join(folder, 'dist', 'browser', 'data', 'preload.json'), 'utf8')) as PreloadList;
}

/** What a page prints on the console when its first conversion is done (see untilDone). */
const DONE = 'fanjian-bench: done';

/**
 * The page: load the library, create a converter, convert once; `window.first` is the time that took from navigation.
 * Marks for the timeline: `bench: evaluated` once the library's script has run (the module's imports are in),
 * `bench: ready` once the converter is built.
 */
function page(library: Library, config: Config): string {
  const text = JSON.stringify(FIRST_TEXT);
  if (library === 'empty page') {
    return `<!doctype html><meta charset="utf-8"><title>empty</title>\n<script type="module">window.first = performance.now(); console.log('${DONE}');</script>`;
  }
  if (library !== 'opencc-js') {
    const preload = library.endsWith('data preloaded') ? preloads(config, preloadListOf(library), library.startsWith('baseline')) : '';
    return `<!doctype html><meta charset="utf-8"><title>fanjian ${config}</title>${preload}
<script type="module">
import { loadConverter } from '/dist/browser/fanjian.js';
performance.mark('bench: evaluated');
const converter = await loadConverter('${config}');
performance.mark('bench: ready');
window.out = converter.convert(${text});
window.first = performance.now();
window.convert = (t) => converter.convert(t);
console.log('${DONE}');
</script>`;
  }
  const file = config === 's2t' ? 'cn2t.js' : 't2cn.js';
  const pair = config === 's2t' ? "{ from: 'cn', to: 't' }" : "{ from: 't', to: 'cn' }";
  return `<!doctype html><meta charset="utf-8"><title>opencc-js ${config}</title>
<script src="/node_modules/opencc-js/dist/umd/${file}"></script>
<script>
performance.mark('bench: evaluated');
const converter = OpenCC.Converter(${pair});
performance.mark('bench: ready');
window.out = converter(${text});
window.first = performance.now();
window.convert = (t) => converter(t);
console.log('${DONE}');
</script>`;
}

/**
 * Wait for the page's first conversion without running anything in the page meanwhile: Playwright's waitForFunction
 * injects its own script (about 18 ms of main-thread work in a trace) at the page's load event, which fanjian's page
 * passes while its data is still arriving, so it delayed fanjian's first conversion and not opencc-js's (whose
 * conversion runs before the load event). The page says so on the console instead; a page error fails the load.
 */
function untilDone(tab: Page): Promise<void> {
  return new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('the page did not convert within 60 s')), 60_000);
    tab.on('console', (message) => {
      if (message.text() === DONE) {
        clearTimeout(timer);
        done();
      }
    });
    tab.on('pageerror', (error) => {
      clearTimeout(timer);
      fail(error);
    });
  });
}

/** Milestones of one load, in ms from the navigation start (NaN where a page has none). */
interface Timeline {
  /** The HTML's response ended. */
  readonly html: number;
  /** The library's script (fanjian.js, cn2t.js) was requested, and was in. */
  readonly scriptRequested: number;
  readonly script: number;
  /** The page's code ran, its imports evaluated. */
  readonly evaluated: number;
  /** The first data file was requested, and the last one was in. */
  readonly dataRequested: number;
  readonly dataIn: number;
  /** The first decoding started, the last one ended. */
  readonly decodeStart: number;
  readonly decodeEnd: number;
  /** The converter was built. */
  readonly ready: number;
}

/** In the page, once it is done: its timeline from Navigation, Resource and User Timing. */
function readTimeline(): Timeline & { first: number; decodeMs: number } {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
  const script = resources.find((r) => /\/(fanjian|cn2t|t2cn)\.js$/.test(r.name));
  const data = resources.filter((r) => r.name.includes('/data/'));
  const marks = (name: string) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? NaN;
  const decodes = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('fanjian: decode'));
  const edge = (values: number[], pick: (...v: number[]) => number) => (values.length ? pick(...values) : NaN);
  return {
    html: nav?.responseEnd ?? NaN,
    scriptRequested: script?.startTime ?? NaN,
    script: script?.responseEnd ?? NaN,
    evaluated: marks('bench: evaluated'),
    dataRequested: edge(data.map((r) => r.startTime), Math.min),
    dataIn: edge(data.map((r) => r.responseEnd), Math.max),
    decodeStart: edge(decodes.map((m) => m.startTime), Math.min),
    decodeEnd: edge(decodes.map((m) => m.startTime + m.duration), Math.max),
    ready: marks('bench: ready'),
    first: (window as unknown as { first: number }).first,
    decodeMs: decodes.reduce((sum, m) => sum + m.duration, 0),
  };
}

interface Load {
  readonly firstMs: number;
  readonly timeline: Timeline;
  /** The renderer's main-thread task time when the first conversion was read back. */
  readonly taskMs: number;
  /** CPU time of the renderer's main thread and of the whole renderer process (Chromium's ThreadTime and
   * ProcessTime) when the first conversion was read back: the work, whatever the machine's load. */
  readonly threadCpuMs: number;
  readonly processCpuMs: number;
  /** fanjian's dictionary decoding (its User Timing measures). */
  readonly decodeMs: number;
  readonly transferred: number;
  readonly files: number;
}

const pathOf = (library: Library, config: Config) => `/bench-${library.replace(/\W+/g, '-')}-${config}.html`;

/** Each page is served by the server of the build it loads: the baseline's from its own folder. */
interface Servers {
  readonly ours: BenchServer;
  readonly baseline?: BenchServer;
}

const serverOf = (servers: Servers, library: Library) => (library.startsWith('baseline') ? servers.baseline! : servers.ours);

/**
 * FANJIAN_BENCH_TRACE=<folder>: after the counted loads, one more cold load of each page with a CDP trace of the
 * whole browser (main-thread tasks, V8's parsing and compilation, network, User Timing), written as
 * <folder>/<page>-<config>.json for Chromium's performance panel or Perfetto. Tracing slows the load down, so these
 * loads are not counted.
 */
const TRACE_DIR = process.env.FANJIAN_BENCH_TRACE;
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute',
  'disabled-by-default-v8.compile', 'blink', 'blink.user_timing', 'loading', 'navigation', 'toplevel'];

async function coldLoad(browser: Browser, servers: Servers, library: Library, config: Config, traceTo?: string): Promise<Load> {
  const server = serverOf(servers, library);
  const path = pathOf(library, config);
  await server.setPage(path, page(library, config));
  await server.takeRequests();
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    await new Promise((done) => setTimeout(done, OPEN_SETTLE_MS));
    if (traceTo) await browser.startTracing(tab, { categories: TRACE_CATEGORIES });
    const done = untilDone(tab);
    await tab.goto(new URL(path.slice(1), server.url).href, { waitUntil: 'commit' });
    await done;
    if (traceTo) writeFileSync(traceTo, await browser.stopTracing());
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => 1000 * (metrics.find((m) => m.name === name)?.value ?? NaN);
    const [taskMs, threadCpuMs, processCpuMs] = [metric('TaskDuration'), metric('ThreadTime'), metric('ProcessTime')];
    const { first: firstMs, decodeMs, ...timeline } = await tab.evaluate(readTimeline);
    const requests = await server.takeRequests();
    const transferred = requests.reduce((sum, r) => sum + r.transferred, 0);
    return { firstMs, timeline, taskMs, threadCpuMs, processCpuMs, decodeMs, transferred, files: requests.length };
  } finally {
    await context.close();
    // Let Chromium tear the closed context's renderer down before the next load starts (it competes for the cores).
    await new Promise((done) => setTimeout(done, SETTLE_MS));
  }
}

/** One measured run of converting in a page: conversions done, bytes of UTF-8 input converted, wall and CPU time. */
interface SpeedRun {
  readonly bytes: number;
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * Conversion speed in a page, for both libraries alike: the sample repeated to about 1 MB (SPEED_INPUT_BYTES) and
 * converted over and over for at least SPEED_RUN_MS per run, 2 warm-up runs then SPEED_RUNS timed ones, each run one
 * task of the page's main thread. Timed by the main thread's CPU time (Chromium's ThreadTime, read through CDP before
 * and after each run), which the machine's load does not inflate, and by the page's clock. (The runs used to be 10
 * conversions of the 18 kB sample, about 1 ms, against a clock of 0.1 ms steps: single runs of one page read from 11
 * to 303 MB/s on a loaded machine, and two runs of the bench 33 and 202 MB/s.)
 */
async function speed(browser: Browser, servers: Servers, library: Library, config: Config, text: string): Promise<{ cpu: number; wall: number }> {
  const server = serverOf(servers, library);
  const path = pathOf(library, config);
  await server.setPage(path, page(library, config));
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    const threadMs = async () => 1000 * ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN);
    const done = untilDone(tab);
    await tab.goto(new URL(path.slice(1), server.url).href, { waitUntil: 'commit' });
    await done;
    const input = text.repeat(Math.max(1, Math.round(SPEED_INPUT_BYTES / Buffer.byteLength(text))));
    await tab.evaluate((value: string) => {
      (window as unknown as { benchInput: string }).benchInput = value;
    }, input);
    const runs: SpeedRun[] = [];
    for (let i = 0; i < 2 + SPEED_RUNS; i++) {
      const cpuBefore = await threadMs();
      const { count, wallMs } = await tab.evaluate((minMs: number) => {
        const page = window as unknown as { convert(t: string): string; benchInput: string };
        const start = performance.now();
        let count = 0;
        let elapsed = 0;
        do {
          page.convert(page.benchInput);
          count++;
          elapsed = performance.now() - start;
        } while (elapsed < minMs);
        return { count, wallMs: elapsed };
      }, SPEED_RUN_MS);
      const cpuMs = (await threadMs()) - cpuBefore;
      if (i >= 2) runs.push({ bytes: count * Buffer.byteLength(input), wallMs, cpuMs });
    }
    const rate = (ms: (run: SpeedRun) => number) => median(runs.map((run) => run.bytes / 1e6 / (ms(run) / 1000)));
    return { cpu: rate((run) => run.cpuMs), wall: rate((run) => run.wallMs) };
  } finally {
    await context.close();
  }
}

/** Kilobytes of 1000 bytes, as the targets and opencc-js's sizes are stated. */
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

async function main(): Promise<void> {
  const browser = await launchChromium();
  const servers: Servers = {
    ours: await serve(root),
    ...(BASELINE ? { baseline: await serve(BASELINE) } : {}),
  };
  try {
    const text = readFileSync(new URL(SAMPLE, `file://${root}`), 'utf8');
    const loadRows: string[][] = [];
    const timelineRows: string[][] = [];
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
      if (TRACE_DIR) {
        mkdirSync(TRACE_DIR, { recursive: true });
        for (const library of LIBRARIES) {
          const file = join(TRACE_DIR, `${library.replace(/\W+/g, '-')}-${config}.json`);
          await coldLoad(browser, servers, library, config, file);
          console.log(`trace: ${file}`);
        }
      }
      const ms = (library: Library, key: 'firstMs' | 'taskMs' | 'threadCpuMs' | 'processCpuMs' | 'decodeMs') => median(loads[library].map((l) => l[key]));
      for (const library of LIBRARIES) {
        const first = loads[library][0]!;
        const ours = library.startsWith('fanjian') || library.startsWith('baseline');
        loadRows.push([config, library, kb(first.transferred), String(first.files), `${ms(library, 'firstMs').toFixed(0)} ms`,
          library === 'empty page' ? '—' : ratio(ms('opencc-js', 'firstMs'), ms(library, 'firstMs')),
          `${ms(library, 'taskMs').toFixed(0)} ms`, `${ms(library, 'threadCpuMs').toFixed(0)} / ${ms(library, 'processCpuMs').toFixed(0)} ms`, ours ? `${ms(library, 'decodeMs').toFixed(1)} ms` : '—',
          loads[library].map((l) => l.firstMs.toFixed(0)).join(' ')]);
        const at = (key: keyof Timeline) => {
          const value = median(loads[library].map((l) => l.timeline[key]));
          return Number.isNaN(value) ? '—' : value.toFixed(0);
        };
        const span = (from: keyof Timeline, to: keyof Timeline) => (at(from) === '—' ? '—' : `${at(from)}–${at(to)}`);
        timelineRows.push([config, library, at('html'), span('scriptRequested', 'script'), at('evaluated'), span('dataRequested', 'dataIn'),
          span('decodeStart', 'decodeEnd'), at('ready'), ms(library, 'firstMs').toFixed(0)]);
      }
      const ours = await speed(browser, servers, 'fanjian', config, text);
      const before = BASELINE ? await speed(browser, servers, 'baseline', config, text) : undefined;
      const theirs = await speed(browser, servers, 'opencc-js', config, text);
      const both = (s: { cpu: number; wall: number }) => `${s.cpu.toFixed(1)} (${s.wall.toFixed(1)})`;
      speedRows.push([config, both(ours), ...(before ? [both(before)] : []), both(theirs), ratio(ours.cpu, theirs.cpu)]);
    }
    const load = loadavg().map((l) => l.toFixed(1)).join(' ');
    console.log(`\nChromium ${browser.version()}, pages served gzip-compressed from 127.0.0.1, ${RUNS} cold loads each, alternating, ` +
      `each navigated ${OPEN_SETTLE_MS} ms after its window opened; the server ${SERVER_HERE ? "in the bench's process" : 'in a process of its own'}; ` +
      `load average at the end ${load}${BASELINE ? `; baseline: ${BASELINE}` : ''}\n`);
    console.log(formatTable(['config', 'page', 'transferred', 'requests', 'first conversion', 'vs opencc-js',
      'main-thread tasks', 'renderer CPU (main / all)', 'decoding', 'runs (ms)'], loadRows));
    console.log('\nTimeline of the same loads (medians of each milestone, ms from the navigation start): the HTML in, the ' +
      "library's script requested and in, the page's code running (its imports evaluated), the data files requested " +
      'and in, decoding, the converter built, the first conversion\n');
    console.log(formatTable(['config', 'page', 'HTML', 'script', 'evaluated', 'data', 'decoding', 'ready', 'first'], timelineRows));
    console.log(`\nConversion speed in the page (${SAMPLE} repeated to ${(SPEED_INPUT_BYTES / 1e6).toFixed(0)} MB, converted again and again ` +
      `for at least ${SPEED_RUN_MS} ms per run; MB/s of UTF-8 input by the main thread's CPU time, and in brackets by the page's clock; ` +
      `median of ${SPEED_RUNS} runs after 2 warm-up runs)\n`);
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
