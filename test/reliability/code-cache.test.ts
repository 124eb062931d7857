/**
 * Guarantee: a damaged code cache never breaks fanjian. The Node entry (src/build/code-cache.ts) gives V8 the cache
 * of its core, which V8 checks for its version, flags and length but, in release builds, not byte by byte: one
 * flipped bit crashed or hung every process that imported fanjian. Each case runs the built entry in a fresh
 * process (as users start it) on a copy of dist/node whose cache is damaged on purpose: it must convert exactly as
 * the sources do, exit 0 within its time, and leave a sound cache for the next process; concurrent first runs
 * (processes and worker threads) leave one cache and no temporary file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheFileName, CORE_FILE } from '../../src/build/code-cache.js';
import { convert } from '../../src/node/index.js';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const CACHE = cacheFileName();
const text = '汉字后来的发展这里并没有于是，头发和干部。';
const expected = convert(text, 's2t') + '|' + convert(text, 's2twp');
const work = mkdtempSync(join(tmpdir(), 'fanjian-cache-damage-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the entry in a package layout (dist/data linked), its cache file `cache` (none when null). */
function entry(name: string, cache: Buffer | null): string {
  const node = join(work, name, 'dist', 'node');
  mkdirSync(node, { recursive: true });
  symlinkSync(join(dist, 'data'), join(work, name, 'dist', 'data'));
  for (const file of ['fanjian.js', CORE_FILE]) copyFileSync(join(dist, 'node', file), join(node, file));
  if (cache) writeFileSync(join(node, CACHE), cache);
  return node;
}

const script = (node: string) => `import(${JSON.stringify(pathToFileURL(join(node, 'fanjian.js')).href)}).then((f) =>
  process.stdout.write(f.convert(${JSON.stringify(text)}, 's2t') + '|' + f.convert(${JSON.stringify(text)}, 's2twp')))`;

/** Run the entry in a fresh process: its output and exit (a crash is a signal or a code; a hang is killed). */
function run(node: string, flags: readonly string[] = [], as: { uid?: number; gid?: number } = {}): { out: string; status: number | null; signal: string | null } {
  const result = spawnSync(process.execPath, [...flags, '-e', script(node)], { encoding: 'utf8', timeout: 30_000, ...as });
  return { out: result.stdout, status: result.status, signal: result.signal };
}

/** The file holds the cache twice; sound when both copies are equal. */
const sound = (file: Buffer) => file.length > 0 && file.length % 2 === 0 && file.subarray(0, file.length / 2).equals(file.subarray(file.length / 2));

describe('a damaged code cache', () => {
  const built = readFileSync(join(dist, 'node', CACHE));

  it('is what the build writes: the cache twice', () => {
    expect(sound(built)).toBe(true);
  });

  it('with one bit flipped anywhere, is not used: the entry converts, exits 0, and writes a sound cache again', () => {
    const half = built.length / 2;
    // Spread over the first copy (its header, the middle, the end) and the second; before the fix, most of these
    // crashed the process (SIGSEGV, SIGTRAP) and some hung it.
    const offsets = [20, 100, 200, 1000, 5000, Math.floor(half * 0.4), Math.floor(half * 0.57), Math.floor(half * 0.95), half + 5000];
    for (const [k, offset] of offsets.entries()) {
      const damaged = Buffer.from(built);
      damaged[offset]! ^= 1 << (k % 8);
      const node = entry(`flip-${offset}`, damaged);
      const result = run(node);
      expect({ offset, ...result }).toEqual({ offset, out: expected, status: 0, signal: null });
      const after = readFileSync(join(node, CACHE));
      expect(sound(after)).toBe(true);
      expect(readdirSync(node).sort()).toEqual([CACHE, CORE_FILE, 'fanjian.js'].sort());
      expect(run(node)).toEqual({ out: expected, status: 0, signal: null });
    }
  });

  it('truncated, empty, or one copy only, is not used and is written anew', () => {
    for (const [name, cache] of [['truncated', built.subarray(0, built.length - 7)], ['empty', Buffer.alloc(0)],
      ['single', built.subarray(0, built.length / 2)], ['zeros', Buffer.alloc(built.length)]] as const) {
      const node = entry(name, Buffer.from(cache));
      expect(run(node)).toEqual({ out: expected, status: 0, signal: null });
      const after = readFileSync(join(node, CACHE));
      // Zeros are two equal halves that V8 rejects (its magic number): left as they are, and harmless.
      if (name !== 'zeros') expect(sound(after)).toBe(true);
    }
  });

  it('written by concurrent first runs (four processes, and four worker threads of one), leaves one sound cache and no temporary file', async () => {
    const node = entry('concurrent', null);
    const threads = `const { Worker } = require('node:worker_threads');
      let left = 4, outs = [];
      for (let i = 0; i < 4; i++) new Worker(${JSON.stringify(script(node))}, { eval: true, stdout: true })
        .on('error', (e) => { console.error(e); process.exitCode = 1; })
        .stdout.on('data', (d) => outs.push(String(d))).on('end', () => { if (--left === 0) process.stdout.write(outs.join('\\n')); });`;
    const runs = [...Array.from({ length: 4 }, () => ['-e', script(node)]), ['-e', threads]].map((args) => new Promise<string>((done, fail) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      child.on('close', (code) => (code === 0 ? done(out) : fail(new Error(`exit ${code}`))));
    }));
    const outputs = await Promise.all(runs);
    expect(outputs.slice(0, 4)).toEqual([expected, expected, expected, expected]);
    expect(outputs[4]!.split('\n')).toEqual([expected, expected, expected, expected]);
    expect(readdirSync(node).sort()).toEqual([CACHE, CORE_FILE, 'fanjian.js'].sort());
    expect(sound(readFileSync(join(node, CACHE)))).toBe(true);
  });

  it('cut at any byte is never two equal halves, and the cuts around the middle and the end are compiled around', () => {
    // The loader uses a file only when its two halves are equal: no prefix of the built file has that form, so a
    // file cut at any offset (a full disk, an interrupted copy) is taken as no cache. In processes, the cuts next to
    // the boundaries where a check could be off by one:
    const half = built.length / 2;
    for (let length = 2; length < built.length; length += 2) {
      if (built.subarray(0, length / 2).equals(built.subarray(length / 2, length))) expect.fail(`a cut at ${length} bytes is two equal halves`);
    }
    for (const length of [1, half - 1, half + 1, half + 2, built.length - 2, built.length - 1]) {
      const node = entry(`cut-${length}`, built.subarray(0, length));
      expect({ length, ...run(node) }).toEqual({ length, out: expected, status: 0, signal: null });
      expect(sound(readFileSync(join(node, CACHE)))).toBe(true);
    }
  });

  it('made for other V8 flags is rejected by V8 and left alone; a read-only package folder is never written', () => {
    // V8 checks its flags' hash: under --jitless or --no-lazy the cache is rejected, the core compiled from source,
    // and the file kept for the default flags (not rewritten by every such process).
    const node = entry('flags', Buffer.from(built));
    for (const flags of [['--jitless'], ['--no-lazy'], ['--max-lazy']]) {
      expect({ flags, ...run(node, flags) }).toEqual({ flags, out: expected, status: 0, signal: null });
      expect(readFileSync(join(node, CACHE)).equals(built)).toBe(true);
    }
    // A folder the process may not write (another user's, as a package installed by root is to its users): no
    // cache, none written, no error. As root, the run is made as nobody; otherwise the folder is made read-only.
    const readOnly = entry('read-only', null);
    const root = process.getuid?.() === 0;
    if (root) spawnSync('chmod', ['755', work]); // mkdtemp's folder is the owner's only
    else spawnSync('chmod', ['555', readOnly]);
    try {
      expect(run(readOnly, [], root ? { uid: 65534, gid: 65534 } : {})).toEqual({ out: expected, status: 0, signal: null });
      expect(readdirSync(readOnly).sort()).toEqual([CORE_FILE, 'fanjian.js'].sort());
    } finally {
      if (!root) spawnSync('chmod', ['755', readOnly]);
    }
  });
});
