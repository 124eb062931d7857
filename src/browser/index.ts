/**
 * The package entry for bundlers (the `browser` condition: dist/browser/bundlers/fanjian.js): the core API with
 * each data file a module of its own, imported the first time a configuration needs it (`await
 * loadConverter(config)`, `await loadDetector()`). Pages that load fanjian without a bundler use static.ts.
 */
import { setDataSource } from '../data-source.js';
import { moduleDataSource } from './module-source.js';

setDataSource(moduleDataSource);

export * from '../index.js';
