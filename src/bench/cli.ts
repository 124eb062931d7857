/**
 * End-to-end command-line benchmark: `fanjian convert` against Debian's C++ `opencc` on the largest corpus file,
 * and a folder of 200 files with --jobs 1 against --jobs 2. Wall time of whole processes, median of 5.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

export async function benchCli(corpus: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'fanjian-bench-'));
  try {
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
