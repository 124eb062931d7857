/**
 * Build step (Node): the `fanjian` ES module entry with V8's code cache. A third of Node's start-up (import +
 * create + first conversion, about 9 ms of CPU here) went to V8 parsing the 115 kB bundle and compiling, on first
 * call, every function the first conversion runs. That is the same work in every process, so the build does it once:
 * the core is bundled as one classic script (dist/node/fanjian.core.cjs, CommonJS-wrapped), run once in a child
 * process through a few conversions (WARM_UP_CONFIGS), and V8's code cache of it, bytecode of every function that run
 * compiled included, is written beside it (fanjian.core.<V8 version>.v8cache). The entries dist/node/fanjian.js (ES module) and
 * fanjian.cjs (CommonJS) are small modules that compile the script with that cache (`vm.Script` `cachedData`) and
 * export what it exports (each its own instance, as two bundles were before). Measured in fresh
 * processes: compile 3.1 → 1.0 ms, create 3.1 → 2.1, first conversion 0.74 → 0.24, CPU 8.7 → 4.1 ms (minimums of 15).
 *
 * V8 checks a cache against its version, its flags and the source's length, and rejects it otherwise
 * (`cachedDataRejected`): then the script compiles as without a cache. It does not check the bytes themselves
 * (release builds of V8 make and verify no checksum of a code cache): one flipped bit of the cache crashed every
 * process that loaded fanjian (SIGSEGV or V8's "unreachable code", 48 of 182 random flips) or hung it in an endless
 * loop (1 of 182). So the file holds the cache twice, and V8 is given it only when the two copies are equal (a
 * native comparison, microseconds, where hashing it cost 1–3 ms of each start-up: zlib's crc32 or crypto's sha1
 * with loading their modules, or a hash in JavaScript); a file that is not two equal halves (damaged, truncated,
 * or half-written by a copy) is taken as no cache: compiled from source, and written anew. A cache made by `npm run build` serves the
 * Node that built it; another Node version finds no file for its V8, compiles from source once and writes its own
 * (loadCore). The cache is written only after its script, from that script, so the two always belong together.
 */
import { build, type BuildOptions } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

export const CORE_FILE = 'fanjian.core.cjs';
/**
 * The cache of the core for one V8 version (`process.versions.v8`): V8 accepts a cache only from its own version, so
 * each version has its own file, and a Node whose version has none writes one (see loadCore).
 */
export function cacheFileName(v8Version: string = process.versions.v8): string {
  return `fanjian.core.${v8Version}.v8cache`;
}
/** The cache files of every version, their temporary files and the unversioned name of earlier builds: the build
 * clears them before it writes its own. */
const CACHE_FILES = /^fanjian\.core\.([\w.-]+\.)?v8cache(\.\d+(-\w+)?\.tmp)?$/;
/** The script is compiled as CommonJS compiles a module: one function of these parameters, on a line of its own (so
 * that line numbers in stack traces are the file's, with `lineOffset: -1`). */
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {\n';
const WRAPPER_TAIL = '\n})';

/**
 * What runs while the cache is made, so that the functions conversion runs are in it: the four configurations that
 * between them run every kind of stage (the s2t and t2s groups, a subset stage, context rules, the segmentation
 * refinement) each convert a short text (under 32 units, texts move between strings and unit arrays in JavaScript),
 * then s2t a longer one (through Buffer). Little on purpose: a cache made after every configuration converted
 * longer texts (functions run many times) gave a first conversion 0.22 ms instead of 0.05, and a create 0.3 ms
 * slower, in every configuration (fresh processes, medians of 5–9; V8's reason not investigated).
 */
const WARM_UP_CONFIGS = ['s2t', 't2s', 's2twp', 'tw2sp'];
const WARM_UP_SHORT = '汉字';
const WARM_UP_LONG = '汉字转换：头发、干部、这里并没有。软件和内存的设置，云云。abc 123';

/**
 * What both entries run first, given the expression of their folder: the core's source wrapped as makeCache wraps
 * it, and this V8 version's cache when it is there (V8 checks that it is valid).
 *
 * A Node whose V8 has no cache file (a package built by another Node version, or a cache removed) compiles the core
 * from source, a few milliseconds more, and then writes the cache of what it compiled for the processes that
 * follow: on the next turn of the event loop (after the caller's synchronous first conversion, whose functions the
 * cache then holds), to a temporary file renamed over the cache's name, so that a reader never sees half a file.
 * Only into the package's own folder (a cache in a shared temporary folder could be planted by another user, and
 * V8 runs the bytecode it holds); where that folder is read-only, nothing is written and nothing fails. A cache that
 * is there but rejected (V8 flags that change code generation) is left alone: it serves the default flags.
 */
function loadCore(folder: string): string {
  return `// Generated by fanjian's build (src/build/code-cache.ts). Do not edit.
const fs = process.getBuiltinModule('node:fs');
const { Script } = process.getBuiltinModule('node:vm');
const filename = ${folder} + '/${CORE_FILE}';
const cacheFile = ${folder} + '/fanjian.core.' + process.versions.v8 + '.v8cache';
let cachedData;
try {
  // The cache twice: used only when both copies are equal (V8 does not check its bytes; see code-cache.ts)
  const both = fs.readFileSync(cacheFile);
  const half = both.length >> 1;
  if (half > 0 && both.length === 2 * half && both.subarray(0, half).equals(both.subarray(half))) cachedData = both.subarray(0, half);
} catch {
  // no cache for this V8: compiled from source, and the cache written for the next process (below)
}
const script = new Script(${JSON.stringify(WRAPPER_HEAD)} + fs.readFileSync(filename, 'utf8') + ${JSON.stringify(WRAPPER_TAIL)},
  { filename, lineOffset: -1, cachedData });
if (cachedData === undefined) {
  setImmediate(() => {
    // A name of its own for each writer: worker threads of one process share its pid
    const temporary = cacheFile + '.' + process.pid + '-' + Math.random().toString(36).slice(2, 10) + '.tmp';
    try {
      const data = script.createCachedData();
      fs.writeFileSync(temporary, Buffer.concat([data, data]), { flag: 'wx' });
      fs.renameSync(temporary, cacheFile);
    } catch {
      try { fs.rmSync(temporary, { force: true }); } catch {}
    }
  });
}
// The core never calls require (it is bundled whole); making one costs 0.3 ms of every start-up, so only on demand.
const coreRequire = (id) => process.getBuiltinModule('node:module').createRequire(filename)(id);
`;
}

/** The ES module entry: run the core, export its exports. */
function entryModule(names: readonly string[]): string {
  return `${loadCore('import.meta.dirname')}const core = { exports: {} };
script.runInThisContext()(core.exports, coreRequire, core, filename, import.meta.dirname);
export const { ${names.join(', ')} } = core.exports;
`;
}

/** The CommonJS entry: the same script and cache, run with this module's require and exports. */
function commonJsEntry(names: readonly string[]): string {
  return `'use strict';
${loadCore('__dirname')}script.runInThisContext()(exports, require, module, filename, __dirname);
// The names, for Node's static analysis of CommonJS exports (import { convert } from a CommonJS file).
0 && (module.exports = { ${names.join(', ')} });
`;
}

/**
 * In a child process (a fresh isolate with default flags, as users run): compile and run the core, convert as
 * WARM_UP_CONFIGS says, write the cache and print the core's export names.
 */
function makeCache(directory: string): void {
  const filename = `${directory}/${CORE_FILE}`;
  const script = new Script(WRAPPER_HEAD + readFileSync(filename, 'utf8') + WRAPPER_TAIL, { filename, lineOffset: -1 });
  const core = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(core.exports, () => {
    throw new Error('fanjian core: require() is not expected');
  }, core, filename, directory);
  const api = core.exports as { createConverter(name: string): { convert(text: string): string } };
  for (const name of WARM_UP_CONFIGS) api.createConverter(name).convert(WARM_UP_SHORT);
  api.createConverter('s2t').convert(WARM_UP_LONG);
  const data = script.createCachedData();
  writeFileSync(`${directory}/${cacheFileName()}`, Buffer.concat([data, data])); // twice: see loadCore
  process.stdout.write(JSON.stringify(Object.keys(core.exports)));
}

/** Bundle the core as a classic script, make its cache, write the entries (dist/node/fanjian.js and fanjian.cjs). */
export async function buildCachedNodeEntry(dist: string, common: BuildOptions): Promise<void> {
  const directory = `${dist}node`;
  for (const file of readdirSync(directory)) if (CACHE_FILES.test(file)) rmSync(`${directory}/${file}`, { force: true });
  await build({
    ...common, format: 'cjs', platform: 'node', entryPoints: [`${directory}/index.js`], outfile: `${directory}/${CORE_FILE}`,
    define: { 'import.meta.dirname': '__dirname' },
  });
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--make-cache', directory], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`making the code cache failed: ${child.stderr || child.error?.message}`);
  const names = JSON.parse(child.stdout) as string[];
  if (names.length === 0 || names.some((name) => !/^[A-Za-z_$][\w$]*$/.test(name))) throw new Error(`unexpected exports: ${child.stdout}`);
  writeFileSync(`${directory}/fanjian.js`, entryModule(names));
  writeFileSync(`${directory}/fanjian.cjs`, commonJsEntry(names));
  for (const map of ['fanjian.js.map', 'fanjian.cjs.map']) rmSync(`${directory}/${map}`, { force: true });
}

if (process.argv[2] === '--make-cache' && process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  makeCache(process.argv[3]!);
}
