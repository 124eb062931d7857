/**
 * The evidence of fanjian's corrections: each entry of dictionaries/*.txt stands under a comment that gives its
 * sense and the standard it follows. The build collects those comments, per dictionary and key, into one data file
 * apart from the dictionaries (CORRECTION_REASONS), so that conversion never loads them; explain(), review and
 * openccDifferences() read it on first need.
 */

/** The reasons of one dictionary's layer: its distinct comments, and each key's index among them. */
export interface DictionaryReasons {
  readonly reasons: readonly string[];
  readonly keys: Readonly<Record<string, number>>;
}

/** Dictionary name → its layer's reasons. */
export type CorrectionReasons = Readonly<Record<string, DictionaryReasons>>;

/** A section heading of a layer file ("# --- 干: 乾 "dry" … ---"), which names a class rather than giving evidence. */
const HEADING = /^#\s*---/;

/**
 * Each key of an OpenCC text dictionary with the comment block right above its group of entries (consecutive '#'
 * lines; a section heading counts only when nothing else is written under it; a blank line ends a group). Keys
 * without a comment get none.
 */
export function collectReasons(text: string): DictionaryReasons {
  const reasons: string[] = [];
  const keys: Record<string, number> = {};
  let block: string[] = []; // the comment lines being read
  let heading = ''; // the heading among them, if any
  let current = -1; // the reason of the entries that follow
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('#')) {
      if (current >= 0) {
        block = [];
        heading = '';
      }
      current = -1;
      if (HEADING.test(line)) heading = line.replace(/^#\s*-+\s*/, '').replace(/\s*-+\s*$/, '');
      else block.push(line.replace(/^#\s?/, '').trim());
      continue;
    }
    if (line.trim() === '') {
      block = [];
      heading = '';
      current = -1;
      continue;
    }
    // A heading alone (entries right under it) is their evidence.
    if (current < 0 && block.length === 0 && heading !== '') block = [heading];
    if (current < 0 && block.length > 0) {
      const reason = block.join(' ').replace(/\s+/g, ' ').trim();
      current = reasons.indexOf(reason);
      if (current < 0) current = reasons.push(reason) - 1;
      block = [];
    }
    const tab = line.indexOf('\t');
    if (current >= 0 && tab > 0) keys[line.slice(0, tab)] = current;
  }
  return { reasons, keys };
}

export function encodeReasons(reasons: CorrectionReasons): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(reasons));
}

export function decodeReasons(bytes: Uint8Array): CorrectionReasons {
  return JSON.parse(new TextDecoder().decode(bytes)) as CorrectionReasons;
}

/** The reason of `key` in `dictionary`'s layer, or undefined. */
export function reasonOf(reasons: CorrectionReasons, dictionary: string, key: string): string | undefined {
  const own = reasons[dictionary];
  if (!own || !Object.prototype.hasOwnProperty.call(own.keys, key)) return undefined;
  return own.reasons[own.keys[key]!];
}
