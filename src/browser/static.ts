/**
 * The entry a page loads without a bundler, from a static folder or a CDN copy of the package
 * (dist/browser/fanjian.js): the core API, with the default dictionaries fetched as bytes from dist/browser/data/
 * (static-source.ts). No import map is needed.
 */
import { setDataSource } from '../data-source.js';
import { staticDataSource } from './static-source.js';

setDataSource(staticDataSource);

export * from '../index.js';
