/**
 * The Node entries compile their core with V8's code cache (src/build/code-cache.ts). These tests run the built
 * entries in fresh Node processes, as users start them: the cache is accepted by the Node that built it, and the entry
 * converts exactly as the sources do with the cache, without it, and with a damaged one (which V8 must reject); a
 * Node without a cache for its V8 writes one that the next process accepts.
 */
const CACHE_FILE = cacheFileName();
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheFileName, CORE_FILE } from '../../src/build/code-cache.js';
import * as sources from '../../src/node/index.js';
import { fixture } from './helpers.js';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const article = fixture('article.txt');
const CONFIGS = ['s2t', 't2s', 's2twp', 'tw2sp', 's2hk', 'jp2t'] as const;

/** Run a module script in a fresh process (no inherited exec flags), the article on its standard input. */
function node(script: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { input: article, encoding: 'utf8' });
}

/** The conversions of the article by the entry at `entry`. */
function convertWith(entry: string): Record<string, string> {
  return JSON.parse(node(`
    import { readFileSync } from 'node:fs';
    const text = readFileSync(0, 'utf8');
    const fanjian = await import(${JSON.stringify(pathToFileURL(entry).href)});
    const outputs = {};
    for (const config of ${JSON.stringify(CONFIGS)}) outputs[config] = fanjian.createConverter(config).convert(text);
    console.log(JSON.stringify(outputs));
  `)) as Record<string, string>;
}

/**
 * V8's verdict on the cache in `directory`: the entry's compilation, alone in a fresh process (a second compilation
 * of the same source in one process would be served by V8's in-memory cache and never read the file's).
 */
function cacheRejected(directory: string): boolean {
  return JSON.parse(node(`
    import { readFileSync } from 'node:fs';
    import { Script } from 'node:vm';
    const cacheIn = (file) => file.subarray(0, file.length >> 1); // the file holds the cache twice (code-cache.ts)
    const filename = ${JSON.stringify(join(directory, CORE_FILE))};
    const script = new Script('(function (exports, require, module, __filename, __dirname) {\\n' + readFileSync(filename, 'utf8') + '\\n})',
      { filename, lineOffset: -1, cachedData: cacheIn(readFileSync(${JSON.stringify(join(directory, CACHE_FILE))})) });
    console.log(JSON.stringify(script.cachedDataRejected));
  `)) as boolean;
}

const expected = Object.fromEntries(CONFIGS.map((config) => [config, sources.createConverter(config).convert(article)]));

/** A copy of dist/node in a temporary package layout (dist/data linked), to damage or remove its cache. */
const work = mkdtempSync(join(tmpdir(), 'fanjian-code-cache-'));
function copyOfEntry(name: string, cache: 'none' | 'garbage' | 'truncated'): string {
  const node = join(work, name, 'dist', 'node');
  mkdirSync(node, { recursive: true });
  symlinkSync(join(dist, 'data'), join(work, name, 'dist', 'data'));
  for (const file of ['fanjian.js', CORE_FILE]) copyFileSync(join(dist, 'node', file), join(node, file));
  const real = readFileSync(join(dist, 'node', CACHE_FILE));
  if (cache === 'garbage') writeFileSync(join(node, CACHE_FILE), Buffer.from(real.map((byte, i) => (byte * 31 + i) & 0xff)));
  if (cache === 'truncated') writeFileSync(join(node, CACHE_FILE), real.subarray(0, real.length >> 1));
  return node;
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the Node entry with its code cache', () => {
  it('is accepted by this Node and converts as the sources do', () => {
    expect(cacheRejected(join(dist, 'node'))).toBe(false);
    expect(convertWith(join(dist, 'node', 'fanjian.js'))).toEqual(expected);
  });

  it.each(['none', 'garbage', 'truncated'] as const)('converts the same with %s cache (rejected, compiled as usual)', (cache) => {
    const directory = copyOfEntry(cache, cache);
    if (cache !== 'none') expect(cacheRejected(directory)).toBe(true);
    expect(convertWith(join(directory, 'fanjian.js'))).toEqual(expected);
  });

  it('writes the cache for its V8 when there is none, which the next process accepts', () => {
    const directory = copyOfEntry('written', 'none');
    expect(existsSync(join(directory, CACHE_FILE))).toBe(false);
    expect(convertWith(join(directory, 'fanjian.js'))).toEqual(expected);
    expect(readdirSync(directory).sort()).toEqual([CACHE_FILE, CORE_FILE, 'fanjian.js'].sort());
    expect(cacheRejected(directory)).toBe(false);
    expect(convertWith(join(directory, 'fanjian.js'))).toEqual(expected);
  });

  it('converts, and leaves nothing behind, where the cache cannot be written', () => {
    const directory = copyOfEntry('unwritable', 'none');
    mkdirSync(join(directory, CACHE_FILE)); // a folder in the cache's place: reading and renaming over it fail
    expect(convertWith(join(directory, 'fanjian.js'))).toEqual(expected);
    expect(readdirSync(directory).sort()).toEqual([CACHE_FILE, CORE_FILE, 'fanjian.js'].sort());
    expect(readdirSync(join(directory, CACHE_FILE))).toEqual([]);
  });

  it('serves the CommonJS entry too: require("fanjian") converts as the sources do', () => {
    const outputs = JSON.parse(execFileSync(process.execPath, ['-e', `
      const fanjian = require(${JSON.stringify(join(dist, 'node', 'fanjian.cjs'))});
      const text = require('node:fs').readFileSync(0, 'utf8');
      const outputs = {};
      for (const config of ${JSON.stringify(CONFIGS)}) outputs[config] = fanjian.createConverter(config).convert(text);
      console.log(JSON.stringify(outputs));
    `], { input: article, encoding: 'utf8' })) as Record<string, string>;
    expect(outputs).toEqual(expected);
  });

  it('exports what the sources export', async () => {
    const entry = (await import(pathToFileURL(join(dist, 'node', 'fanjian.js')).href)) as Record<string, unknown>;
    expect(Object.keys(entry).sort()).toEqual(Object.keys(sources).sort());
    expect(typeof entry.createConverter).toBe('function');
  });
});
