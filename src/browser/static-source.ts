/**
 * The data source of the static build (dist/browser/fanjian.js as a page loads it from a static folder or a CDN,
 * with no bundler): the large dictionaries are fetched as bytes from dist/browser/data/ beside it (see
 * binary-data.ts), the other files imported as modules.
 */
import { BYTES } from '#browser-bytes';
import { MANIFEST } from '#browser-data';
import type { DataFile, DataSource } from '../data-source.js';
import { importDataModule, recordLoad } from './module-source.js';

const BINARY = new Set(BYTES);

/**
 * A data file's bytes from the data folder beside this module (the bundle, dist/browser/fanjian.js). The request
 * is the one `<link rel="preload" as="fetch" crossorigin>` makes (mode cors, credentials same-origin), so a page
 * that preloads the file gets the preloaded response.
 */
async function fetchDataFile(file: string): Promise<DataFile> {
  const started = performance.now();
  const url = new URL(`./data/${file}`, import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status} ${response.statusText}`.trim());
  const bytes = new Uint8Array(await response.arrayBuffer());
  recordLoad(file, started);
  return bytes;
}

export const staticDataSource: DataSource = {
  location: "fanjian's data files (dist/browser/data)",
  remedy: 'The data files must be served beside the entry (dist/browser/data/ next to dist/browser/fanjian.js, as ' +
    'the package holds them); a failed load is tried again by the next call.',
  manifest: () => MANIFEST,
  timeline: true,
  load: (file) => (BINARY.has(file) ? fetchDataFile(file) : importDataModule(file)),
};
