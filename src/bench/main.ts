/**
 * `npm run bench`: fanjian against opencc-js (and, for the CLI, Debian's C++ opencc) in one run, printing ratios.
 * Throughput is UTF-8 input bytes per second, median of 9 runs after 2 warm-up runs, the two libraries in alternation. Never run by the tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { CONFIGS, createConverter, type ConfigName } from '../node/index.js';
import { benchCli } from './cli.js';
import { benchRepairQuality } from './repair-quality.js';
import { formatTable, mbPerSecond, median, ratio, timeTogether } from './measure.js';

/** FANJIAN_CORPUS, else the shared folder beside the repository. */
const corpus = process.env.FANJIAN_CORPUS ?? fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const configs: ConfigName[] = ['s2t', 't2s', 's2twp', 'tw2sp'];
const probeScript = fileURLToPath(new URL('./load-probe.js', import.meta.url));

function openccJs(config: ConfigName): (text: string) => string {
  const info = CONFIGS.find((c) => c.name === config)!;
  return OpenCC.Converter({ from: info.from, to: info.to });
}

function throughput(files: string[]): void {
  const rows: string[][] = [];
  for (const file of files) {
    const text = readFileSync(`${corpus}/${file}`, 'utf8');
    const bytes = Buffer.byteLength(text);
    for (const config of configs) {
      const ours = createConverter(config);
      const theirs = openccJs(config);
      const [fanjianMs, openccMs] = timeTogether(() => ours.convert(text), () => theirs(text));
      rows.push([file, config, mbPerSecond(bytes, fanjianMs), mbPerSecond(bytes, openccMs), ratio(openccMs, fanjianMs)]);
    }
  }
  console.log('\nThroughput (MB/s of UTF-8 input; median of 9 runs after 2 warm-up runs, the two libraries in alternation)\n');
  console.log(formatTable(['file', 'config', 'fanjian', 'opencc-js', 'speed-up'], rows));
}

interface ProbeRun {
  loadMs: number;
  loadCpuMs: number;
  rssAfterLoad: number;
  peakRss: number;
}

/** Fresh processes per library for the start-up table (FANJIAN_BENCH_STARTUP_RUNS, default 15). */
const startupRuns = Number(process.env.FANJIAN_BENCH_STARTUP_RUNS ?? 15);

function probe(library: string, config: string, file?: string): ProbeRun {
  const args = [probeScript, library, config, ...(file ? [file] : [])];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as ProbeRun;
}

/** Median and interquartile range, as "9.1 ms (8.7–9.8)". */
function spread(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.round((sorted.length - 1) * q)]!;
  return `${median(values).toFixed(1)} ms (${at(0.25).toFixed(1)}–${at(0.75).toFixed(1)})`;
}

/**
 * Start-up in fresh processes, fanjian and opencc-js alternating (so that both meet the same load), many runs: one
 * process's start-up on a shared virtual machine varies by half, and seven in a row gave medians from 8.8 to 14.3 ms
 * for the same build. Wall time is what users wait; CPU time (all of the process's threads, compilation included)
 * varies less with load and tells builds apart.
 */
function startup(file: string): void {
  const rows: string[][] = [];
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  for (const config of configs) {
    const ours: ProbeRun[] = [], theirs: ProbeRun[] = [];
    for (let i = 0; i < startupRuns; i++) {
      ours.push(probe('fanjian', config, file));
      theirs.push(probe('opencc-js', config, file));
    }
    const load = (runs: ProbeRun[]) => median(runs.map((r) => r.loadMs));
    const peak = (runs: ProbeRun[]) => median(runs.map((r) => r.peakRss));
    rows.push([config, spread(ours.map((r) => r.loadMs)), spread(ours.map((r) => r.loadCpuMs)),
      spread(theirs.map((r) => r.loadMs)), ratio(load(theirs), load(ours)),
      mb(median(ours.map((r) => r.rssAfterLoad))), mb(median(theirs.map((r) => r.rssAfterLoad))), mb(peak(ours)), mb(peak(theirs))]);
  }
  console.log(`\nStart-up in a fresh process (import + create converter + first conversion; median and interquartile range` +
    ` of ${startupRuns} processes each, the libraries alternating) and memory (RSS after loading; peak RSS after converting` +
    ` ${file.split('/').pop()})\n`);
  console.log(formatTable(['config', 'fanjian load', 'fanjian load, CPU', 'opencc-js load', 'faster', 'fanjian RSS',
    'opencc-js RSS', 'fanjian peak', 'opencc-js peak'], rows));
}

async function main(): Promise<void> {
  if (!existsSync(corpus)) {
    console.error(`fanjian bench: the corpus folder ${corpus} is missing; set FANJIAN_CORPUS to a folder of .txt files.`);
    process.exit(2);
  }
  const files = readdirSync(corpus).filter((f) => f.endsWith('.txt')).sort();
  console.log(`fanjian benchmark — Node ${process.version}, corpus ${corpus}`);
  if (process.env.FANJIAN_BENCH_ONLY === 'ratios') {
    await benchCli(corpus);
    return;
  }
  const big = files.includes('data3185k.txt') ? 'data3185k.txt' : files[0]!;
  if (process.env.FANJIAN_BENCH_ONLY === 'startup') {
    startup(`${corpus}/${big}`);
    return;
  }
  if (process.env.FANJIAN_BENCH_ONLY === 'throughput') {
    throughput(files);
    return;
  }
  throughput(files);
  startup(`${corpus}/${big}`);
  await benchCli(corpus);
  benchRepairQuality(corpus);
}

await main();
