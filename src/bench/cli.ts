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
import { formatTable, median, ratio, timeTogether } from './measure.js';

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

/** The CLI on one large file against the library in memory, and --jobs 2 against --jobs 1, in alternation. */
function ratios(corpus: string, work: string): void {
  const text = readFileSync(join(corpus, 'data3185k.txt'), 'utf8');
  const big = join(work, 'big.txt');
  const large = Array.from({ length: 24 }, () => text).join('\n'); // about 78 MB of UTF-8
  writeFileSync(big, large);
  const bytes = Buffer.byteLength(large);
  const converter = createConverter('s2t');
  converter.convert(text);
  console.log(`\nRatios, each pair timed in alternation (load average before: ${load()}; ${availableParallelism()} cores)\n`);
  const [cli, library] = timeTogether(run(process.execPath, [bin, '-c', 's2t', '-o', join(work, 'big-out.txt'), big]),
    () => converter.convert(large), 5, 1);
  const mbs = (ms: number) => `${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;
  console.log(formatTable(['one large file, s2t', 'CLI end to end', 'library in memory', 'CLI / library (target ≥ 70%)'],
    [[`${(bytes / 1e6).toFixed(0)} MB`, mbs(cli), mbs(library), `${((library / cli) * 100).toFixed(0)}%`]]));

  const folder = join(work, 'files');
  mkdirSync(folder);
  const simplified = ['data3185k.txt', 'zuozhuan.txt'].map((f) => readFileSync(join(corpus, f), 'utf8')).join('\n');
  for (let i = 0; i < 200; i++) {
    const start = (i * 37_000) % (simplified.length - 40_000);
    writeFileSync(join(folder, `${String(i).padStart(3, '0')}.txt`), simplified.slice(start, start + 34_000)); // ~100 KB
  }
  const jobs = (n: number) => run(process.execPath, [bin, '-c', 's2twp', '--jobs', String(n), '--out-dir', join(work, `files-out${n}`), folder]);
  const [one, two] = timeTogether(jobs(1), jobs(2), 5, 1);
  console.log('');
  console.log(formatTable(['200 files of 100 KB, s2twp --out-dir', '--jobs 1', '--jobs 2', 'speed-up (target ≥ 1.6×)'],
    [['median of 5', `${one.toFixed(0)} ms`, `${two.toFixed(0)} ms`, ratio(one, two)]]));
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
