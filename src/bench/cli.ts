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

const run = (command: string, args: readonly string[]) => () => execFileSync(command, args, { stdio: 'ignore' });
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
 * The CLI on one large file against the library in memory, and --jobs 2 against --jobs 1, in alternation. The CLI
 * runs as users run it (default --jobs: on a machine of 2 cores or more, a worker converts blocks of the file
 * beside the main thread) and with --jobs 1 (one thread converting); both with the library's default corrections,
 * as createConverter('s2t'). Wall-time ratios need idle cores; the CPU-time ratios say what each costs whatever
 * the load (the CLI's figure includes process start, reading and writing).
 */
function ratios(corpus: string, work: string): void {
  const text = readFileSync(join(corpus, 'data3185k.txt'), 'utf8');
  const big = join(work, 'big.txt');
  const large = Array.from({ length: 24 }, () => text).join('\n'); // about 78 MB of UTF-8
  writeFileSync(big, large);
  const bytes = Buffer.byteLength(large);
  const converter = createConverter('s2t');
  converter.convert(text);
  console.log(`\nRatios, each variant timed in alternation (load average before: ${load()}; ${availableParallelism()} cores)\n`);
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
  for (let i = 0; i < 200; i++) {
    const start = (i * 37_000) % (simplified.length - 40_000);
    writeFileSync(join(folder, `${String(i).padStart(3, '0')}.txt`), simplified.slice(start, start + 34_000)); // ~100 KB
  }
  const jobs = (n: number) => ({ child: true, run: run(process.execPath, [bin, '-c', 's2twp', '--jobs', String(n), '--out-dir', join(work, `files-out${n}`), folder]) });
  const [one, two] = alternate([jobs(1), jobs(2)], 5);
  console.log('');
  console.log(formatTable(['200 files of 100 KB, s2twp --out-dir', '--jobs 1', '--jobs 2', 'speed-up (target ≥ 1.6×)', 'CPU --jobs 1', 'CPU --jobs 2'],
    [['median of 5', `${one!.wall.toFixed(0)} ms`, `${two!.wall.toFixed(0)} ms`, ratio(one!.wall, two!.wall), `${one!.cpu.toFixed(0)} ms`, `${two!.cpu.toFixed(0)} ms`]]));
  console.log(`\n(load average after: ${load()})`);
}

export async function benchCli(corpus: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'fanjian-bench-'));
  try {
    ratios(corpus, work);
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

    // 200 files of 100 KB, cut from the Simplified corpus files in turn.
    const folder = join(work, 'many');
    mkdirSync(folder);
    const simplified = ['data3185k.txt', 'zuozhuan.txt'].map((f) => readFileSync(join(corpus, f), 'utf8')).join('\n');
    for (let i = 0; i < 200; i++) {
      const start = (i * 37_000) % (simplified.length - 40_000);
      writeFileSync(join(folder, `${String(i).padStart(3, '0')}.txt`), simplified.slice(start, start + 34_000));
    }
    const jobs = [1, 2].map((n) => wallTime(process.execPath, [bin, '-c', 's2twp', '--jobs', String(n), '--out-dir', join(work, `out${n}`), folder], 3));
    console.log('\nA folder of 200 files of about 100 KB (20 MB), s2twp --out-dir (median of 3)\n');
    console.log(formatTable(['--jobs 1', '--jobs 2', 'speed-up'], [[`${jobs[0]!.toFixed(0)} ms`, `${jobs[1]!.toFixed(0)} ms`, ratio(jobs[0]!, jobs[1]!)]]));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
