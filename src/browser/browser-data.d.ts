/**
 * Types of the module the build generates at dist/browser/data/index.js: the manifest, and one loader per data file,
 * each a dynamic import() of a module with a static specifier (so bundlers split the files into chunks fetched on
 * demand, and a plain static folder serves them relative to the entry). A module's default export is a data file's
 * bytes as a string, one character per byte (see data-source.ts).
 */
import type { DataManifest } from '../data-source.js';

export declare const MANIFEST: DataManifest;
export declare const MODULES: Readonly<Record<string, () => Promise<{ readonly default: string }>>>;
