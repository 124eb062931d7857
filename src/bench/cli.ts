/**
 * End-to-end command-line benchmark: `fanjian convert` against Debian's C++ `opencc` on the largest corpus file;
 * the CLI on one large UTF-8 file against the library converting the same text in memory (MB/s ratio; target
 * ≥ 70%); and a folder of 200 files of 100 KB with --jobs 2 against --jobs 1 (target ≥ 1.6× on 2 cores). The pairs
 * are timed in alternation (A, B, A, B, …) so that both see the same machine, and the load average is printed.
 * `FANJIAN_BENCH_ONLY=ratios` runs only the two ratios.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { createConverter } from '../node/index.js';
import { formatTable, median, ratio } from './measure.js';

const bin = fileURLToPath(new URL('../../bin/fanjian.js', import.meta.url));

function wallTime(command: string, args: readonly string[], runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const start = performance.now();
    execFileSync(command, args, { stdio: 'ignore' });
    if (i > 0) times.push(performance.now() - start); // the first run warms the file cache
  }
  return median(times);
}

function hasOpencc(): boolean {
  return spawnSync('opencc', ['--help'], { stdio: 'ignore' }).status !== null;
}

const run = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env) => () =>
  execFileSync(command, args, { stdio: 'ignore', env });

/**
 * This environment without NODE_EXTRA_CA_CERTS, or null when it is not set. Node reads that CA bundle at the start
 * of every process (about 50 ms of CPU on the bench machine, before any script runs): a share of the serial start
 * that is the environment's, not fanjian's.
 */
function withoutExtraCerts(): NodeJS.ProcessEnv | null {
  if (process.env.NODE_EXTRA_CA_CERTS === undefined) return null;
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/** CPU time (ms) of the finished children of this process, from /proc (Linux); NaN elsewhere. */
function childrenCpu(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, in ticks of 1/100 s
  } catch {
    return NaN;
  }
}

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Each variant run `runs` times in alternation (A, B, C, A, B, C, …) after one warm-up round: median wall time and
 * median CPU time (of the child process, all its threads; or of this process for work done in it).
 */
function alternate(variants: readonly { readonly child: boolean; readonly run: () => unknown }[], runs: number): Timing[] {
  for (const v of variants) v.run();
  const walls: number[][] = variants.map(() => []), cpus: number[][] = variants.map(() => []);
  for (let i = 0; i < runs; i++) {
    variants.forEach((v, k) => {
      const cpu0 = v.child ? childrenCpu() : process.cpuUsage();
      const start = performance.now();
      v.run();
      walls[k]!.push(performance.now() - start);
      if (typeof cpu0 === 'number') cpus[k]!.push(childrenCpu() - cpu0);
      else {
        const used = process.cpuUsage(cpu0);
        cpus[k]!.push((used.user + used.system) / 1000);
      }
    });
  }
  return variants.map((_, k) => ({ wall: median(walls[k]!), cpu: median(cpus[k]!) }));
}

/**
 * How two threads scale converting in memory, on this machine: the same text converted `rounds` times by one worker
 * thread, then by two at once (each its own `rounds`); wall time of one over two, ×2. Bounds what --jobs 2 can give.
 */
async function threadScaling(text: string, rounds: number): Promise<number> {
  const library = new URL('../node/fanjian.js', import.meta.url).href;
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(${JSON.stringify(library)}).then(({ createConverter }) => {
      const converter = createConverter('s2twp');
      converter.convert(workerData.text);
      parentPort.postMessage('ready');
      parentPort.once('message', () => {
        for (let i = 0; i < workerData.rounds; i++) converter.convert(workerData.text);
        parentPort.postMessage('done');
      });
    });`;
  const timed = async (count: number): Promise<number> => {
    const workers = Array.from({ length: count }, () => new Worker(code, { eval: true, workerData: { text, rounds } }));
    const message = (w: Worker) => new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
    await Promise.all(workers.map(message));
    const start = performance.now();
    const done = workers.map(message);
    for (const w of workers) w.postMessage('go');
    await Promise.all(done);
    const ms = performance.now() - start;
    await Promise.all(workers.map((w) => w.terminate()));
    return ms;
  };
  const ones: number[] = [], twos: number[] = [];
  for (let i = 0; i < 3; i++) {
    ones.push(await timed(1));
    twos.push(await timed(2));
  }
  return (2 * median(ones)) / median(twos);
}

/**
 * Issue 12's two throughput targets, each variant timed in alternation. (1) The CLI on one large file against the
 * library in memory: the CLI as users run it (default --jobs: on a machine of 2 cores or more, a worker converts
 * blocks of the file beside the main thread) and with --jobs 1, writing the output to disk; the library converts
 * the same string, warmed up, with the same defaults (createConverter('s2t')). (2) 200 files of 100 KB with
 * --jobs 2 against --jobs 1, written to disk (--out-dir). Wall-time ratios need idle cores; CPU times (all the
 * process's threads) say what each costs whatever the load. The breakdown: process start (`fanjian --version`,
 * timed with them, and Node's own start, `node -e 0`), the ratio of the folder jobs without it, how two threads
 * scale converting in memory here, and, where the environment sets NODE_EXTRA_CA_CERTS (which every Node process
 * reads at start), the folder jobs without it too.
 */
async function ratios(corpus: string, work: string): Promise<void> {
  const text = readFileSync(join(corpus, 'data3185k.txt'), 'utf8');
  const big = join(work, 'big.txt');
  const large = Array.from({ length: 24 }, () => text).join('\n'); // about 78 MB of UTF-8
  writeFileSync(big, large);
  const bytes = Buffer.byteLength(large);
  const converter = createConverter('s2t');
  converter.convert(text);
  const loadBefore = load();
  console.log(`\nRatios of issue 12's targets, each variant timed in alternation (load average before: ${loadBefore}; ${availableParallelism()} cores)\n`);
  const cli = (...extra: string[]) => ({ child: true, run: run(process.execPath, [bin, '-c', 's2t', ...extra, '-o', join(work, 'big-out.txt'), big]) });
  const [helped, single, library] = alternate([cli(), cli('--jobs', '1'), { child: false, run: () => converter.convert(large) }], 5);
  const mbs = (ms: number) => `${(bytes / 1e6 / (ms / 1000)).toFixed(1)}`;
  const percent = (lib: number, ours: number) => `${((lib / ours) * 100).toFixed(0)}%`;
  console.log(formatTable(['one large file, s2t, median of 5', 'MB/s (wall)', 'CLI / library (target ≥ 70%)', 'MB/s of CPU time', 'CLI / library, CPU'], [
    [`library in memory (${(bytes / 1e6).toFixed(0)} MB)`, mbs(library!.wall), '', mbs(library!.cpu), ''],
    [`CLI, default --jobs (${availableParallelism()} threads)`, mbs(helped!.wall), percent(library!.wall, helped!.wall), mbs(helped!.cpu), percent(library!.cpu, helped!.cpu)],
    ['CLI, --jobs 1', mbs(single!.wall), percent(library!.wall, single!.wall), mbs(single!.cpu), percent(library!.cpu, single!.cpu)],
  ]));

  const folder = join(work, 'files');
  mkdirSync(folder);
  const simplified = ['data3185k.txt', 'zuozhuan.txt'].map((f) => readFileSync(join(corpus, f), 'utf8')).join('\n');
  const count = 200;
  for (let i = 0; i < count; i++) {
    const start = (i * 37_000) % (simplified.length - 40_000);
    writeFileSync(join(folder, `${String(i).padStart(3, '0')}.txt`), simplified.slice(start, start + 34_000)); // ~100 KB
  }
  const jobs = (n: number, env?: NodeJS.ProcessEnv) => ({
    child: true, run: run(process.execPath, [bin, '-c', 's2twp', '--jobs', String(n), '--out-dir', join(work, `files-out${n}`), folder], env),
  });
  const version = (env?: NodeJS.ProcessEnv) => ({ child: true, run: run(process.execPath, [bin, '--version'], env) });
  const bare = (env?: NodeJS.ProcessEnv) => ({ child: true, run: run(process.execPath, ['-e', '0'], env) });
  const plain = withoutExtraCerts();
  const [one, two, start, node, ...without] = alternate([jobs(1), jobs(2), version(), bare(),
    ...(plain ? [jobs(1, plain), jobs(2, plain), version(plain), bare(plain)] : [])], 7);
  const scaling = await threadScaling(simplified.slice(0, 1_000_000), 6);
  console.log('');
  const rows = (one: Timing, two: Timing, start: Timing, node: Timing, note: string) => [
    [`--jobs 1${note}`, `${one.wall.toFixed(0)} ms`, `${one.cpu.toFixed(0)} ms`, `${(one.cpu / count).toFixed(2)} ms`, `${(one.wall - start.wall).toFixed(0)} ms`],
    [`--jobs 2${note}`, `${two.wall.toFixed(0)} ms`, `${two.cpu.toFixed(0)} ms`, `${(two.cpu / count).toFixed(2)} ms`, `${(two.wall - start.wall).toFixed(0)} ms`],
    [`process start (fanjian --version)${note}`, `${start.wall.toFixed(0)} ms`, `${start.cpu.toFixed(0)} ms`, '', ''],
    [`  of which Node's own (node -e 0)${note}`, `${node.wall.toFixed(0)} ms`, `${node.cpu.toFixed(0)} ms`, '', ''],
  ];
  console.log(formatTable([`${count} files of 100 KB, s2twp --out-dir, median of 7`, 'wall', 'CPU (all threads)', 'CPU per file', 'wall without process start'], [
    ...rows(one!, two!, start!, node!, ''),
    ...(without.length ? rows(without[0]!, without[1]!, without[2]!, without[3]!, ', without NODE_EXTRA_CA_CERTS') : []),
  ]));
  const speedUp = one!.wall / two!.wall;
  const verdict = (met: boolean) => (met ? 'met' : 'missed');
  const cliShare = library!.wall / helped!.wall;
  console.log(`\nIssue 12's targets in this run (load average before ${loadBefore}, after ${load()}):`);
  console.log(`  CLI / library on one ${(bytes / 1e6).toFixed(0)} MB file (s2t, default --jobs): ${(cliShare * 100).toFixed(0)}% — target ≥ 70%: ${verdict(cliShare >= 0.7)}` +
    ` (--jobs 1: ${percent(library!.wall, single!.wall)})`);
  console.log(`  --jobs 2 / --jobs 1 on ${count} files of 100 KB: ${speedUp.toFixed(2)}× — target ≥ 1.6×: ${verdict(speedUp >= 1.6)}`);
  console.log(`    without the process start (${start!.wall.toFixed(0)} ms): ${((one!.wall - start!.wall) / (two!.wall - start!.wall)).toFixed(2)}×;` +
    ` CPU --jobs 2 / --jobs 1: ${(two!.cpu / one!.cpu).toFixed(2)}×; two threads converting in memory here: ${scaling.toFixed(2)}×`);
  if (without.length) {
    console.log(`    without NODE_EXTRA_CA_CERTS (set here; Node's start ${node!.wall.toFixed(0)} → ${without[3]!.wall.toFixed(0)} ms):` +
      ` ${(without[0]!.wall / without[1]!.wall).toFixed(2)}×`);
  }
  console.log('  (wall-time ratios hold only on an idle machine: check the load averages)');
}

export async function benchCli(corpus: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'fanjian-bench-'));
  try {
    await ratios(corpus, work);
    if (process.env.FANJIAN_BENCH_ONLY === 'ratios') return;
    const input = join(corpus, 'data3185k.txt');
    const rows: string[][] = [];
    const opencc = hasOpencc();
    for (const config of ['s2t', 's2twp']) {
      const ours = wallTime(process.execPath, [bin, '-c', config, '-o', join(work, 'f.txt'), input]);
      const theirs = opencc ? wallTime('opencc', ['-c', `${config}.json`, '-i', input, '-o', join(work, 'o.txt')]) : NaN;
      rows.push([config, `${ours.toFixed(0)} ms`, opencc ? `${theirs.toFixed(0)} ms` : 'not installed', opencc ? ratio(theirs, ours) : '–']);
    }
    console.log('\nCommand line, end to end on data3185k.txt (process start to file written; median of 5)\n');
    console.log(formatTable(['config', 'fanjian', 'opencc (C++ CLI)', 'faster'], rows));
    if (!opencc) console.log('\n(opencc is not installed: `apt-get install opencc` adds the C++ comparison)');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
