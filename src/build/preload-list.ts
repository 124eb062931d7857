/**
 * Build step (Node): dist/browser/data/preload.json, the data modules each configuration's page loads (default
 * corrections, and `corrections: false`), as paths relative to dist/browser/. A page that knows its configuration
 * declares them with <link rel="modulepreload"> beside fanjian.js, so that they are fetched with it instead of after
 * it has run (README "In browsers: load, then convert").
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFIG_NAMES, resolveConfig } from '../configs.js';
import { dataModuleName, DataStore } from '../data-source.js';
import { nodeDataSource } from '../node/data-source.js';

export const PRELOAD_LIST = 'preload.json';

export interface PreloadList {
  /** Configuration → the data modules it loads, e.g. "data/CJK_Compatibility_Ideographs.js". */
  readonly fanjian: Readonly<Record<string, readonly string[]>>;
  /** The same with `corrections: false` (OpenCC's data as it is). */
  readonly upstream: Readonly<Record<string, readonly string[]>>;
}

export function preloadList(store = new DataStore(nodeDataSource)): PreloadList {
  const modules = (corrections: boolean) => Object.fromEntries(CONFIG_NAMES.map((config) =>
    [config, store.configFiles(resolveConfig(config), corrections).map((file) => `data/${dataModuleName(file)}`)]));
  return { fanjian: modules(true), upstream: modules(false) };
}

export function writePreloadList(): void {
  const out = new URL(`../browser/data/${PRELOAD_LIST}`, import.meta.url);
  writeFileSync(out, `${JSON.stringify(preloadList(), null, 2)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writePreloadList();
