/**
 * Guarantee: Ctrl-C (SIGINT), SIGTERM and SIGHUP (the terminal closed) stop fanjian promptly — streamed conversion returns to the event loop
 * between chunks, and a whole text is converted before its temporary file exists, so the signal's default action
 * may end the process at once — and every file is left either original or fully converted, with no temporary
 * file behind. (The bound asserted is generous because tests share the machine; on an idle one it is well under a
 * second.)
 */
import { spawn } from 'node:child_process';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { bin, fanjian, temporaryFolder } from '../cli/helpers.js';

const line = '汉字后来的头发，干部这里并没有于是。\n';

async function writeLarge(path: string, megabytes: number): Promise<void> {
  const block = Buffer.from(line.repeat(Math.ceil((1 << 20) / Buffer.byteLength(line))));
  const handle = await open(path, 'w');
  for (let i = 0; i < megabytes; i++) await handle.write(block);
  await handle.close();
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Start fanjian, wait for `ready`, send the signal, and return how long it took to end and how it ended. */
async function interrupt(args: string[], signal: NodeJS.Signals, ready: () => Promise<boolean>): Promise<{ ms: number; code: number | null; signal: string | null }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
  await until(async () => child.exitCode !== null || (await ready()), 'the conversion to start');
  const sent = Date.now();
  child.kill(signal);
  const end = await ended;
  return { ms: Date.now() - sent, ...end };
}

describe('signals', () => {
  const exitCodes = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
  it.each(['SIGHUP', 'SIGINT', 'SIGTERM'] as const)('%s during a streamed --in-place conversion: prompt exit 129 (SIGHUP, terminal closed), 130 (SIGINT) or 143 (SIGTERM), original intact, no temporary file', async (signal) => {
    const dir = await temporaryFolder();
    const file = join(dir, 'big.txt');
    await writeLarge(file, 40);
    const before = await stat(file);
    const temporary = async () => (await readdir(dir)).some((name) => name.endsWith('.fanjian-tmp'));
    const result = await interrupt(['-c', 's2t', '--in-place', file], signal, temporary);
    expect(result.code).toBe(exitCodes[signal]);
    expect(result.ms).toBeLessThan(3000);
    expect(await readdir(dir)).toEqual(['big.txt']);
    const after = await stat(file);
    expect([after.ino, after.size, after.mtimeMs]).toEqual([before.ino, before.size, before.mtimeMs]);
  }, 120_000);

  it('SIGINT during --in-place -j 2 in worker threads: every file original or fully converted, no temporary file', async () => {
    const dir = await temporaryFolder();
    const originals: Buffer[] = [];
    for (let i = 0; i < 4; i++) {
      await writeLarge(join(dir, `f${i}.txt`), 20);
      originals.push(await readFile(join(dir, `f${i}.txt`)));
    }
    const converted = (await import('../../src/node/index.js')).convert(originals[0]!.toString('utf8'), 's2t');
    const temporary = async () => (await readdir(dir)).some((name) => name.endsWith('.fanjian-tmp'));
    const child = spawn(process.execPath, [bin, '-c', 's2t', '--in-place', '-j', '2', dir], {
      stdio: 'ignore', env: { ...process.env, FANJIAN_TEST_WORKERS_ONLY: '1' },
    });
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await until(async () => child.exitCode !== null || (await temporary()), 'a worker to start writing');
    child.kill('SIGINT');
    expect(await ended).toBe(130);
    expect((await readdir(dir)).sort()).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt']);
    for (let i = 0; i < 4; i++) {
      const now = await readFile(join(dir, `f${i}.txt`));
      expect(now.equals(originals[i]!) || now.toString('utf8') === converted).toBe(true);
    }
  }, 120_000);

  it('SIGTERM during a long whole-text conversion (repair) ends it at once, the original intact', async () => {
    const dir = await temporaryFolder();
    const file = join(dir, 'mid.txt');
    await writeLarge(file, 6);
    const original = await readFile(file);
    const started = Date.now();
    // Repairing 6 MB takes several seconds: signal once it is well into the work.
    const result = await interrupt(['repair', '-t', 'tw', '--in-place', file], 'SIGTERM', async () => Date.now() - started > 1500);
    expect(result.signal === 'SIGTERM' || result.code === 143).toBe(true);
    expect(result.ms).toBeLessThan(3000);
    expect(await readdir(dir)).toEqual(['mid.txt']);
    expect((await readFile(file)).equals(original)).toBe(true);
  }, 120_000);

  it('SIGKILL mid-write (no handler can run): the original intact; the next run skips the leftover, converts, and names it', async () => {
    const dir = await temporaryFolder();
    const file = join(dir, 'big.txt');
    await writeLarge(file, 40);
    const original = await readFile(file);
    const temporary = async () => (await readdir(dir)).some((name) => name.endsWith('.fanjian-tmp'));
    const killed = await interrupt(['-c', 's2t', '--in-place', '--backup', '.orig', dir], 'SIGKILL', temporary);
    expect(killed.signal).toBe('SIGKILL');
    expect((await readFile(file)).equals(original)).toBe(true);
    const left = (await readdir(dir)).filter((name) => name.endsWith('.fanjian-tmp'));
    expect(left).toHaveLength(1);
    // Run again on the folder: the leftover is never an input (nor a second output), the file converts whole.
    const again = await fanjian(['-c', 's2t', '--in-place', '--backup', '.orig', dir]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`skipped ${join(dir, left[0]!)}: a temporary file of an interrupted fanjian run; delete it`);
    expect((await readdir(dir)).sort()).toEqual(['big.txt', 'big.txt.orig', left[0]!].sort());
    expect((await readFile(join(dir, 'big.txt.orig'))).equals(original)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(convert(original.toString('utf8'), 's2t'));
  }, 180_000);
});
