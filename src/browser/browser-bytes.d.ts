/**
 * Types of the module the build generates at dist/browser/data/bytes.js (see binary-data.ts): the data files that
 * the static build fetches as bytes.
 */
export declare const BYTES: readonly string[];
