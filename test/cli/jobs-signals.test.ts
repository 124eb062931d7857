/**
 * Signals with --jobs (issue 9, item 10): SIGINT and SIGTERM are acted on promptly even while worker threads are in
 * the middle of long conversions (this thread leaves those to the workers and terminates them on a signal); every
 * file is left original or fully converted, no temporary file remains, and the process prints a summary and exits
 * with 130 (SIGINT) or 143 (SIGTERM). The time bound is generous because tests share the machine: this checks
 * that the signal is not held until a conversion ends (which took 10–19 s here before), not how fast fanjian is.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert, repair } from '../../src/node/index.js';
import { bin, temporaryFolder } from './helpers.js';

const line = '汉字后来的头发，干部这里并没有于是。\n';

interface Ended {
  readonly code: number | null;
  readonly signal: string | null;
  readonly ms: number;
  readonly stderr: string;
}

/** Run fanjian, send `signal` once `ready` says so (checked every 20 ms), and report how it ended. */
async function interrupt(args: readonly string[], signal: NodeJS.Signals, ready: (pid: number) => Promise<boolean>): Promise<Ended> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const pid = child.pid!;
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
  const deadline = Date.now() + 60_000;
  while (child.exitCode === null && !(await ready(pid))) {
    if (Date.now() > deadline) throw new Error('fanjian did not reach the point to interrupt');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(child.exitCode).toBe(null); // still running: the signal lands mid-job
  const sent = Date.now();
  child.kill(signal);
  const end = await closed;
  return { ...end, ms: Date.now() - sent, stderr: Buffer.concat(err).toString('utf8') };
}

/**
 * Seconds of CPU the process has used (Linux /proc; null elsewhere). On a loaded machine a wall-clock delay may end
 * before fanjian has even started its workers (then the signal's default action applies, rightly): CPU time says
 * how far it got whatever the load.
 */
async function cpuSeconds(pid: number): Promise<number | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

const temporaries = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith('.fanjian-tmp'));

describe('signals with --jobs', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s while workers repair large files: prompt exit %i, a summary, files original', async (signal, code) => {
    const dir = await temporaryFolder();
    const text = line.repeat(Math.ceil(3_000_000 / Buffer.byteLength(line)));
    const names = ['a.txt', 'b.txt', 'c.txt'];
    for (const name of names) await writeFile(join(dir, name), text);
    const repaired = repair(text, { to: 'tw' }).text;
    const started = Date.now();
    // Repairing 3 MB takes seconds of CPU (a whole-text conversion, never interrupted by the event loop): signal
    // during it, once start-up and the workers' data loading (about 0.2 s of CPU) are well behind.
    const end = await interrupt(['repair', '-t', 'tw', '--in-place', '-j', '2', dir], signal,
      async (pid) => ((await cpuSeconds(pid)) ?? (Date.now() - started) / 1000) > 1.2);
    expect(end.signal).toBe(null);
    expect(end.code).toBe(code);
    expect(end.ms).toBeLessThan(3000);
    expect(end.stderr).toMatch(new RegExp(`interrupted by ${signal}: \\d of 3 files converted.*not converted \\(left as they were\\); temporary files removed`));
    expect(await temporaries(dir)).toEqual([]);
    for (const name of names) {
      const now = await readFile(join(dir, name), 'utf8');
      expect(now === text || now === repaired).toBe(true);
    }
  }, 120_000);

  it('SIGINT while this thread and a worker convert: every file original or fully converted, no temporary file', async () => {
    const dir = await temporaryFolder();
    const small = line.repeat(3000); // about 100 KB
    const large = line.repeat(Math.ceil(8_000_000 / Buffer.byteLength(line)));
    const files = new Map<string, string>();
    for (let i = 0; i < 40; i++) files.set(`s${String(i).padStart(2, '0')}.txt`, small);
    for (let i = 0; i < 3; i++) files.set(`l${i}.txt`, large);
    for (const [name, text] of files) await writeFile(join(dir, name), text);
    const end = await interrupt(['-c', 's2t', '--in-place', '-j', '2', dir], 'SIGINT', async () => (await temporaries(dir)).length > 0);
    expect(end.code).toBe(130);
    expect(end.ms).toBeLessThan(3000);
    expect(end.stderr).toContain('interrupted by SIGINT');
    expect(await temporaries(dir)).toEqual([]);
    for (const [name, text] of files) {
      const now = await readFile(join(dir, name), 'utf8');
      expect(now === text || now === convert(text, 's2t'), name).toBe(true);
    }
  }, 120_000);
});
