/**
 * The package entry for browsers and bundlers: the core API with each data file a module of its own, imported the
 * first time a configuration needs it (`await loadConverter(config)`, `await loadDetector()`).
 */
import { MANIFEST, MODULES } from '#browser-data';
import { setDataSource, type DataFile } from '../data-source.js';
import { latin1Bytes } from './latin1.js';

setDataSource({
  location: "fanjian's data modules (dist/browser/data)",
  remedy: 'The data modules must be served beside the entry (dist/browser/data/ next to dist/browser/fanjian.js; a ' +
    'bundler emits them as chunks); a failed load is tried again by the next call.',
  manifest: () => MANIFEST,
  timeline: true,
  async load(file: string): Promise<DataFile> {
    const module = MODULES[file];
    if (!module) throw new Error(`no data module for ${file}`);
    const started = performance.now();
    const bytes = latin1Bytes((await module()).default);
    try {
      // Beside the `fanjian: decode` measures: the module's import (fetched, unless preloaded, and evaluated) and
      // its bytes.
      performance.measure(`fanjian: load ${file}`, { start: started, end: performance.now() });
    } catch {
      // User Timing level 3 missing: not recorded
    }
    return bytes;
  },
});

export * from '../index.js';
