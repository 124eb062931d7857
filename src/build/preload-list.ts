/**
 * Build step (Node): dist/browser/data/preload.json, the data files each configuration's page fetches with the
 * static build (dist/browser/fanjian.js), for the default corrections and `corrections: false`, as paths relative to
 * dist/browser/: `data/<file>.bin`, fetched as bytes (see browser/binary-data.ts), or `data/<file>.js`, a module. A
 * page that knows its configuration declares them in its head (`<link rel="preload" as="fetch" crossorigin>` for
 * the first, `<link rel="preload" as="script" crossorigin>` for the second) beside fanjian.js, so that they are
 * fetched with it instead of after it has run (README "In browsers: load, then convert").
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFIG_NAMES, resolveConfig } from '../configs.js';
import { dataModuleName, DataStore } from '../data-source.js';
import { nodeDataSource } from '../node/data-source.js';
import { bytesFiles } from './browser-data-files.js';

export const PRELOAD_LIST = 'preload.json';

export interface PreloadList {
  /** Configuration → the data files it fetches, e.g. "data/CJK_Compatibility_Ideographs.bin". */
  readonly fanjian: Readonly<Record<string, readonly string[]>>;
  /** The same with `corrections: false` (OpenCC's data as it is). */
  readonly upstream: Readonly<Record<string, readonly string[]>>;
}

export function preloadList(store = new DataStore(nodeDataSource)): PreloadList {
  const binary = new Set(bytesFiles());
  const paths = (corrections: boolean) => Object.fromEntries(CONFIG_NAMES.map((config) =>
    [config, store.configFiles(resolveConfig(config), corrections)
      .map((file) => `data/${binary.has(file) ? file : dataModuleName(file)}`)]));
  return { fanjian: paths(true), upstream: paths(false) };
}

/**
 * The element that preloads one of the list's paths (`href` as the page refers to it). Both only fetch: the bytes as
 * `fetch()` requests them, a data module as `import()` requests it (mode cors, credentials same-origin), which
 * compiles it when it is imported. (`modulepreload` would also compile each module at once, on a background thread,
 * competing with fanjian.js's own compilation, which the data waits for anyway: see README "In browsers" under
 * Performance.)
 */
export function preloadLink(path: string, href: string): string {
  return path.endsWith('.bin')
    ? `<link rel="preload" as="fetch" crossorigin href="${href}">`
    : `<link rel="preload" as="script" crossorigin href="${href}">`;
}

export function writePreloadList(): void {
  const out = new URL(`../browser/data/${PRELOAD_LIST}`, import.meta.url);
  writeFileSync(out, `${JSON.stringify(preloadList(), null, 2)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writePreloadList();
