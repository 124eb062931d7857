/** How inputs are decoded and outputs encoded and placed: the options every file-processing command shares. */
import type { TextEncoding } from './encoding.js';

export interface IoOptions {
  readonly encoding: 'auto' | TextEncoding;
  readonly outputEncoding: 'same' | TextEncoding;
  readonly bom: boolean;
  readonly lenient: boolean;
}

/** Where outputs go, as chosen on the command line (output-plan.ts turns it into one target per input). */
export type OutputMode =
  | { readonly kind: 'stdout' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'out-dir'; readonly dir: string; readonly rename: boolean }
  | { readonly kind: 'in-place'; readonly backup: string | null; readonly rename: boolean };
