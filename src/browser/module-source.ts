/**
 * The data source of the build for bundlers (the package's `browser` condition): each data file is a module of its
 * own (dist/browser/data/<name>.js), imported the first time a configuration needs it. Every bundler turns these
 * dynamic imports with static specifiers into chunks fetched on demand, with no configuration.
 */
import { MANIFEST, MODULES } from '#browser-data';
import type { DataFile, DataSource } from '../data-source.js';
import { latin1Bytes } from './latin1.js';

/** A data file from its module: the module's import (fetched, unless preloaded, and evaluated), then its bytes. */
export async function importDataModule(file: string): Promise<DataFile> {
  const module = MODULES[file];
  if (!module) throw new Error(`no data module for ${file}`);
  const started = performance.now();
  const bytes = latin1Bytes((await module()).default);
  recordLoad(file, started);
  return bytes;
}

/** The `fanjian: load <file>` User Timing measure, beside the `fanjian: decode` ones (see data-source.ts). */
export function recordLoad(file: string, started: number): void {
  try {
    performance.measure(`fanjian: load ${file}`, { start: started, end: performance.now() });
  } catch {
    // User Timing level 3 missing: not recorded
  }
}

export const moduleDataSource: DataSource = {
  location: "fanjian's data modules (dist/browser/data)",
  remedy: 'The data modules must be served beside the entry (a bundler emits them as chunks); a failed load is tried ' +
    'again by the next call.',
  manifest: () => MANIFEST,
  timeline: true,
  load: importDataModule,
};
