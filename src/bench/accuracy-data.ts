/**
 * Inputs of the accuracy benchmark: where the answer keys and texts are, the fixed development/test split, the
 * declared variant table, and which characters are the same up to script. Node only; never run by the tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repository = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A folder of the shared data: the environment variable if set, else `shared/<sub>` in the repository's parent
 * folder or one of its ancestors (the layout of a worktree beside or below the shared folder), else null.
 */
export function sharedFolder(sub: string, envVariable: string): string | null {
  const fromEnv = process.env[envVariable];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  if (process.env.FANJIAN_SHARED) {
    const folder = join(process.env.FANJIAN_SHARED, sub);
    return existsSync(folder) ? folder : null;
  }
  for (let dir = resolve(repository, '..'); ; dir = dirname(dir)) {
    const folder = join(dir, 'shared', sub);
    if (existsSync(folder)) return folder;
    if (dirname(dir) === dir) return null;
  }
}

export type Split = 'dev' | 'test';
export const SPLITS: readonly Split[] = ['dev', 'test'];

/**
 * The fixed development/test split: FNV-1a (32 bits) of a unit's key (a CC-CEDICT simplified headword, a line of a
 * text, a help page's path), even → development, odd → test. Corrections are tuned on the development part only.
 */
export function splitOf(key: string): Split {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Mix the high bits down so that keys differing in their last unit do not alternate mechanically.
  h ^= h >>> 16;
  return (h & 1) === 0 ? 'dev' : 'test';
}

/**
 * The Han characters of Big5 proper (A440–C67E and C940–F9D5: Taiwan's standard sets of 5,401 common and 7,652 less
 * common characters, CNS 11643 planes 1 and 2), from the WHATWG Big5 decoder; its Hong Kong and ETEN additions lie
 * outside these ranges.
 */
export function big5Han(): Set<string> {
  const decoder = new TextDecoder('big5');
  const set = new Set<string>();
  for (let lead = 0xa4; lead <= 0xf9; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const code = (lead << 8) | trail;
      if ((trail > 0x7e && trail < 0xa1) || !((code >= 0xa440 && code <= 0xc67e) || (code >= 0xc940 && code <= 0xf9d5))) continue;
      set.add(decoder.decode(new Uint8Array([lead, trail])));
    }
  }
  return set;
}

/** Characters that the benchmark treats as the same: declared variants (dictionaries/variants.tsv). */
export class VariantTable {
  private readonly classOf = new Map<string, string>();

  constructor(text: string) {
    for (const raw of text.split('\n')) {
      const line = raw.replace(/\t#.*$/, '').trim();
      if (line === '' || line.startsWith('#')) continue;
      const forms = line.split('\t').filter((f) => f !== '');
      for (const form of forms.slice(1)) this.join(forms[0]!, form);
    }
  }

  static load(): VariantTable {
    return new VariantTable(readFileSync(join(repository, 'dictionaries', 'variants.tsv'), 'utf8'));
  }

  private find(c: string): string {
    let root = c;
    while (this.classOf.has(root) && this.classOf.get(root) !== root) root = this.classOf.get(root)!;
    return root;
  }

  private join(a: string, b: string): void {
    const ra = this.find(a), rb = this.find(b);
    this.classOf.set(ra, ra);
    if (ra !== rb) this.classOf.set(rb, ra);
  }

  /** Equal, or forms of one character by declared variance. */
  same(a: string, b: string): boolean {
    return a === b || this.find(a) === this.find(b);
  }

  /** Two strings of code points that are equal up to declared variants. */
  sameText(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((c, i) => this.same(c, b[i]!));
  }
}

const HAN = /\p{Script=Han}/u;
export const isHan = (c: string): boolean => HAN.test(c);

/** Counts of errors in units (characters or words) of one split of one measure. */
export interface Tally {
  errors: number;
  units: number;
  /** Per cluster (line, page, word) errors and units, for the interval. */
  readonly clusters: { errors: number; units: number }[];
}

export const emptyTally = (): Tally => ({ errors: 0, units: 0, clusters: [] });

export function addCluster(tally: Tally, errors: number, units: number): void {
  if (units === 0 && errors === 0) return;
  tally.errors += errors;
  tally.units += units;
  tally.clusters.push({ errors, units });
}

/**
 * 95% interval of errors per unit, clustered: errors repeat within a line (the same word twice), so the variance is
 * the ratio estimator's over clusters (lines, pages), not a binomial one over characters, and never narrower than
 * Wilson's interval, which is used alone when every cluster is one unit (words), for few clusters or no errors.
 */
export function interval(tally: Tally): [number, number] {
  const { errors, units, clusters } = tally;
  if (units === 0) return [0, 0];
  const rate = errors / units;
  const z = 1.96;
  const n = units, d = 1 + (z * z) / n;
  const centre = (rate + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((rate * (1 - rate)) / n + (z * z) / (4 * n * n))) / d;
  const wilson: [number, number] = [Math.max(0, centre - half), Math.min(1, centre + half)];
  const singleUnits = clusters.every((c) => c.units <= 1);
  if (errors === 0 || singleUnits || clusters.length < 30) return wilson;
  const k = clusters.length;
  let sum = 0;
  for (const c of clusters) sum += (c.errors - rate * c.units) ** 2;
  const se = Math.sqrt((k / (k - 1)) * sum) / units;
  // Never narrower than Wilson's: clusters that happen to agree do not make the estimate exact.
  return [Math.max(0, Math.min(wilson[0], rate - z * se)), Math.max(wilson[1], rate + z * se)];
}
