/**
 * Worker threads of --jobs that stop on their own (killed, process.exit in the worker, a crash): the files they
 * held fail with a message naming them, nothing is left half-written, the other files are still converted, and
 * the job ends (it hung before, or reported success). Also: the summary's throughput counts only the bytes of
 * converted files, and the early workers of bin/fanjian.js follow the CLI's own thread count and cap.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { earlyWorkerCount, BYTES_PER_WORKER, warmUpOfArguments } from '../../src/cli/early-workers.js';
import { maxJobs } from '../../src/cli/limits.js';
import { fanjian, runInProcess, temporaryFolder, type RunResult } from './helpers.js';

const line = '汉字后来的头发，干部这里并没有于是。\n';

/**
 * A stand-in for a worker thread started early (as bin/fanjian.js does): it says it is ready once set up, then
 * does `onWork` (a statement) at the first file or block it is sent.
 */
function brokenWorker(onWork: string): Worker {
  return new Worker(`
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (request) => {
      if (request.type === 'setup') parentPort.postMessage({ type: 'ready' });
      else { ${onWork} }
    });`, { eval: true });
}

/** The CLI in this process, with these threads as its early workers. */
async function runWith(workers: Worker[], args: readonly string[], env: Record<string, string> = {}): Promise<RunResult> {
  try {
    return await runInProcess(args, { env, workers });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

async function sixFiles(): Promise<{ dir: string; names: string[] }> {
  const dir = await temporaryFolder();
  const names = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `${n}.txt`);
  for (const [i, name] of names.entries()) await writeFile(join(dir, name), line.repeat(i + 1));
  return { dir, names };
}

describe('a worker thread that stops on its own', () => {
  it.each([
    ['process.exit in the worker', 'process.exit(3)', /stopped unexpectedly \(exit code 3\)/],
    ['an uncaught error in the worker', "throw new Error('out of luck')", /stopped unexpectedly \(it failed: out of luck\)/],
  ])('%s: its files fail, named; the others are converted; the job ends with exit 1', async (_, onWork, why) => {
    const { dir, names } = await sixFiles();
    const out = join(dir, 'out');
    // Every file goes to the worker first (the test hook), so that it holds several when it stops.
    const result = await runWith([brokenWorker(onWork)], ['-c', 's2t', '--jobs', '2', '--out-dir', out, ...names.map((n) => join(dir, n))],
      { FANJIAN_TEST_WORKERS_ONLY: '1' });
    expect(result.code).toBe(1);
    const failed = names.filter((name) => result.stderr.includes(`${join(dir, name)}: the worker thread converting it stopped unexpectedly`));
    expect(failed.length).toBeGreaterThan(0);
    expect(result.stderr).toMatch(why);
    expect(result.stderr).toContain(`converted, 0 skipped, ${failed.length} failed`);
    for (const [i, name] of names.entries()) {
      const target = join(out, name);
      if (failed.includes(name)) expect(existsSync(target)).toBe(false);
      else expect(await readFile(target, 'utf8')).toBe(convert(line.repeat(i + 1), 's2t'));
    }
    expect((await readdir(out)).filter((n) => n.includes('.fanjian-tmp'))).toEqual([]);
  }, 30_000);

  it('while converting blocks of one long text: the file fails, named, and its output is not written', async () => {
    const dir = await temporaryFolder();
    const input = join(dir, 'long.txt');
    await writeFile(input, line.repeat(Math.ceil((9 << 20) / Buffer.byteLength(line))));
    const output = join(dir, 'long-out.txt');
    const result = await runWith([brokenWorker('process.exit(5)')], ['-c', 's2t', '--jobs', '2', '-o', output, input],
      { FANJIAN_TEST_WORKERS_ONLY: '1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${input} (writing ${output}): a worker thread converting part of it stopped unexpectedly (exit code 5); ${output} was not written`);
    expect(existsSync(output)).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(['long.txt']);
  }, 60_000);

  it('that stops while loading fails the job with a message, not a hang', async () => {
    const { dir, names } = await sixFiles();
    const loading = new Worker(`require('node:worker_threads').parentPort.on('message', () => process.exit(9));`, { eval: true });
    const result = await runWith([loading], ['-c', 's2t', '--jobs', '2', '--out-dir', join(dir, 'out'), ...names.map((n) => join(dir, n))],
      { FANJIAN_TEST_WORKERS_ONLY: '1' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('a worker thread stopped while loading (exit code 9)');
  }, 30_000);
});

describe('the summary line', () => {
  it('counts the bytes of converted files only, not those of failed ones', async () => {
    const dir = await temporaryFolder();
    const good = join(dir, 'good.txt');
    await writeFile(good, line.repeat(20)); // 1080 bytes
    const bad = join(dir, 'bad.txt');
    await writeFile(bad, Buffer.alloc(300 * 1024)); // binary: refused when named on the command line
    const result = await fanjian(['-c', 's2t', '--out-dir', join(dir, 'out'), good, bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/1 converted, 0 skipped, 1 failed; 1\.1 KiB in [\d.]+ s /);
  });
});

describe('the early workers of bin/fanjian.js', () => {
  it('follow --jobs within the one cap of the CLI, and start none for commands without workers', async () => {
    const cwd = await temporaryFolder();
    expect(earlyWorkerCount(['-c', 's2t', '--jobs', '3', 'x'], cwd)).toBe(2);
    expect(earlyWorkerCount(['-c', 's2t', '-j2', 'x'], cwd)).toBe(1);
    expect(earlyWorkerCount(['-c', 's2t', '--jobs=4', 'x'], cwd)).toBe(3);
    expect(earlyWorkerCount(['-c', 's2t', '--jobs', '1', 'x'], cwd)).toBe(0);
    expect(earlyWorkerCount(['-c', 's2t', '--jobs', '100000', 'x'], cwd)).toBe(maxJobs() - 1);
    expect(earlyWorkerCount(['detect', '--jobs', '4', 'x'], cwd)).toBe(0);
    expect(earlyWorkerCount(['--jobs', 'many', 'x'], cwd)).toBe(0);
  });

  it('warm up with the configuration of -c (and --no-corrections), read before the options are parsed', () => {
    expect(warmUpOfArguments(['-c', 'S2TWP', '--jobs', '2', 'dir'])).toEqual({ config: 's2twp', corrections: true });
    expect(warmUpOfArguments(['convert', '--config=t2s', '--no-corrections', '-j2', 'dir'])).toEqual({ config: 't2s', corrections: false });
    expect(warmUpOfArguments(['--jobs', '2', 'dir'])).toBe(null); // the default configuration comes from the CLI
    expect(warmUpOfArguments(['--jobs', '2', '--', '-c', 's2t'])).toBe(null); // a file named -c
  });

  it('by default, start the workers that the sizes of the named files call for (not of outputs)', async () => {
    const cwd = await temporaryFolder();
    await writeFile(join(cwd, 'big.txt'), Buffer.alloc(BYTES_PER_WORKER + 1));
    await writeFile(join(cwd, 'small.txt'), 'x');
    const expected = Math.min(availableParallelism(), 2) - 1;
    expect(earlyWorkerCount(['-c', 's2t', 'big.txt'], cwd)).toBe(expected);
    expect(earlyWorkerCount(['big.txt'], cwd)).toBe(expected);
    expect(earlyWorkerCount(['convert', '-c', 's2t', '--', 'big.txt'], cwd)).toBe(expected);
    expect(earlyWorkerCount(['-c', 's2t', '-o', 'big.txt', 'small.txt'], cwd)).toBe(0);
    expect(earlyWorkerCount(['-c', 's2t', 'small.txt'], cwd)).toBe(0);
    expect(earlyWorkerCount(['-c', 's2t'], cwd)).toBe(0);
  });

  it('converts a large file named with the default --jobs, byte for byte as --jobs 1', async () => {
    const dir = await temporaryFolder();
    const input = join(dir, 'big.txt');
    const text = line.repeat(Math.ceil((BYTES_PER_WORKER + 1) / Buffer.byteLength(line)));
    await writeFile(input, text);
    const [byDefault, one] = [join(dir, 'default.txt'), join(dir, 'one.txt')];
    expect((await fanjian(['-c', 's2t', '-o', byDefault, input])).code).toBe(0);
    expect((await fanjian(['-c', 's2t', '--jobs', '1', '-o', one, input])).code).toBe(0);
    expect((await readFile(byDefault)).equals(await readFile(one))).toBe(true);
  }, 60_000);
});
