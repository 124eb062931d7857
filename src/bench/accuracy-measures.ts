/**
 * The measures of the accuracy benchmark. Each one converts a whole answer key with one converter (one call over
 * the units joined by newlines, so both libraries see the same input), then tallies errors per split and records
 * every error with its context for the error listing.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Parser } from 'htmlparser2';
import { detect } from '../node/index.js';
import { addCluster, emptyTally, isHan, splitOf, type Split, type Tally, type VariantTable } from './accuracy-data.js';

/** One conversion direction of one library: text in, text out. */
export type Convert = (text: string) => string;

/** A wrong form: what the reference has, what the converter wrote, and where. */
export interface ErrorRecord {
  readonly expected: string;
  readonly got: string;
  /** The reference around the error, the error bracketed: 前文[捨→舍]後文. */
  readonly context: string;
  /** What wrote the wrong form, when the converter explains itself: a dictionary, "… default", or "left as is". */
  readonly decidedBy?: string;
}

/** The part of a converter's explanation the error listing uses (fanjian's explain spans). */
export interface Decision {
  readonly index: number;
  readonly source: string;
  readonly dictionary: string;
  readonly ambiguous: boolean;
}
export type Explain = (text: string) => readonly Decision[];

/** What decided the character at code-point position `at` of `source`: the span of the explanation covering it. */
function decidedAt(decisions: readonly Decision[], source: readonly string[], at: number): string {
  let offset = 0;
  for (let i = 0; i < at; i++) offset += source[i]!.length;
  const span = decisions.find((d) => d.index <= offset && offset < d.index + d.source.length);
  if (!span) return 'left as is';
  return span.ambiguous ? `${span.dictionary} default` : span.dictionary;
}

export interface MeasureResult {
  readonly tallies: Record<Split, Tally>;
  /** Errors of the development split only: the listing never shows the test part. */
  readonly devErrors: ErrorRecord[];
  /**
   * Round trips: of the errors, those at positions the first trip lost (see measureRoundTrip), per split. They are
   * counted in the tallies as well; this says how many of them no return trip could have avoided.
   */
  readonly lost?: Record<Split, number>;
}

const newResult = (): MeasureResult => ({ tallies: { dev: emptyTally(), test: emptyTally() }, devErrors: [] });

/** Convert many units in one call; none of them holds a newline. */
function convertAll(convert: Convert, units: readonly string[]): string[] {
  const out = convert(units.join('\n')).split('\n');
  if (out.length !== units.length) throw new Error('a converter changed the number of lines');
  return out;
}

function context(reference: readonly string[], at: number, got: string, width = 5): string {
  const before = reference.slice(Math.max(0, at - width), at).join('');
  const after = reference.slice(at + 1, at + 1 + width).join('');
  return `${before}[${reference[at]}→${got}]${after}`.replace(/\s+/g, ' ');
}

/**
 * Positions of the reference that the output gets wrong (beyond declared variants). Equal lengths compare
 * position by position; otherwise the differing middle is aligned by edit distance and every reference character
 * not matched to an equivalent one is wrong.
 */
export function wrongPositions(reference: readonly string[], output: readonly string[], variants: VariantTable): { at: number; got: string }[] {
  const wrong: { at: number; got: string }[] = [];
  if (reference.length === output.length) {
    for (let i = 0; i < reference.length; i++) {
      if (!variants.same(reference[i]!, output[i]!)) wrong.push({ at: i, got: output[i]! });
    }
    return wrong;
  }
  let start = 0;
  while (start < reference.length && start < output.length && variants.same(reference[start]!, output[start]!)) start++;
  let endR = reference.length, endO = output.length;
  while (endR > start && endO > start && variants.same(reference[endR - 1]!, output[endO - 1]!)) {
    endR--;
    endO--;
  }
  const n = endR - start, m = endO - start;
  if (n * m > 4_000_000) {
    for (let i = start; i < endR; i++) wrong.push({ at: i, got: '?' });
    return wrong;
  }
  // Edit-distance table, then walk back: a reference character is right only when matched to an equivalent one.
  const cost = new Uint32Array((n + 1) * (m + 1));
  for (let i = 0; i <= n; i++) cost[i * (m + 1)] = i;
  for (let j = 0; j <= m; j++) cost[j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const same = variants.same(reference[start + i - 1]!, output[start + j - 1]!) ? 0 : 1;
      cost[i * (m + 1) + j] = Math.min(cost[(i - 1) * (m + 1) + j - 1]! + same, cost[(i - 1) * (m + 1) + j]! + 1, cost[i * (m + 1) + j - 1]! + 1);
    }
  }
  let i = n, j = m;
  while (i > 0) {
    const here = cost[i * (m + 1) + j]!;
    if (j > 0 && here === cost[(i - 1) * (m + 1) + j - 1]! + (variants.same(reference[start + i - 1]!, output[start + j - 1]!) ? 0 : 1)) {
      if (!variants.same(reference[start + i - 1]!, output[start + j - 1]!)) wrong.push({ at: start + i - 1, got: output[start + j - 1]! });
      i--;
      j--;
    } else if (here === cost[(i - 1) * (m + 1) + j]! + 1) {
      wrong.push({ at: start + i - 1, got: '∅' });
      i--;
    } else {
      j--;
    }
  }
  return wrong.reverse();
}

// ---------------------------------------------------------------------------------------------------------------
// CC-CEDICT headwords

export interface Cedict {
  /** Simplified headword → the traditional forms listed for it. */
  readonly bySimplified: Map<string, Set<string>>;
  /** Traditional headword → the simplified forms listed for it, and the split (that of its first simplified form). */
  readonly byTraditional: Map<string, { simplified: Set<string>; split: Split }>;
}

export function loadCedict(file: string): Cedict {
  const bySimplified = new Map<string, Set<string>>();
  const byTraditional = new Map<string, { simplified: Set<string>; split: Split }>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [traditional, simplified] = line.split('\t');
    if (!traditional || !simplified) continue;
    if (!bySimplified.has(simplified)) bySimplified.set(simplified, new Set());
    bySimplified.get(simplified)!.add(traditional);
    if (!byTraditional.has(traditional)) byTraditional.set(traditional, { simplified: new Set(), split: splitOf(simplified) });
    byTraditional.get(traditional)!.simplified.add(simplified);
  }
  return { bySimplified, byTraditional };
}

/**
 * Word accuracy: a word is right when the output equals one of the forms the dictionary lists for it (up to declared
 * variants). Errors of a wrong word are recorded per differing character against the closest listed form.
 */
export function measureCedict(cedict: Cedict, direction: 'toTraditional' | 'toSimplified', convert: Convert, variants: VariantTable): MeasureResult {
  const result = newResult();
  const entries: [string, Set<string>, Split][] = direction === 'toTraditional'
    ? [...cedict.bySimplified].map(([s, t]) => [s, t, splitOf(s)])
    : [...cedict.byTraditional].map(([t, e]) => [t, e.simplified, e.split]);
  const outputs = convertAll(convert, entries.map((e) => e[0]));
  entries.forEach(([word, answers, split], k) => {
    const got = [...outputs[k]!];
    const forms = [...answers].map((a) => [...a]);
    const right = forms.some((f) => variants.sameText(f, got));
    addCluster(result.tallies[split], right ? 0 : 1, 1);
    if (right || split !== 'dev') return;
    let best = forms[0]!, bestWrong = wrongPositions(best, got, variants);
    for (const f of forms.slice(1)) {
      const w = wrongPositions(f, got, variants);
      if (w.length < bestWrong.length) [best, bestWrong] = [f, w];
    }
    for (const w of bestWrong) {
      result.devErrors.push({ expected: best[w.at]!, got: w.got, context: `${word} → ${got.join('')} (listed: ${[...answers].join(' ')})` });
    }
  });
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Round trips of natural Traditional text and aligned human translations: errors per Han character

/** Tally one reference/output pair of code-point arrays into a result; the wrong positions it counted. */
function tallyPair(result: MeasureResult, split: Split, referenceText: string, outputText: string, variants: VariantTable,
  counted: (c: string) => boolean = isHan, sourceText?: string, explain?: Explain): { at: number; got: string }[] {
  // NFC folds CJK compatibility ideographs (六 U+F9D1) into the unified ones, as OpenCC's normalization does.
  const reference = [...referenceText.normalize('NFC')], output = [...outputText.normalize('NFC')];
  const han = reference.filter(counted).length;
  const wrong = wrongPositions(reference, output, variants).filter((w) => counted(reference[w.at]!));
  addCluster(result.tallies[split], wrong.length, han);
  if (split !== 'dev' || wrong.length === 0) return wrong;
  // Positions map onto the converter's input only when it has as many characters as the reference.
  const source = sourceText === undefined ? [] : [...sourceText];
  const decisions = explain && source.length === reference.length ? explain(sourceText!) : null;
  for (const w of wrong) {
    const record: ErrorRecord = { expected: reference[w.at]!, got: w.got, context: context(reference, w.at, w.got) };
    result.devErrors.push(decisions ? { ...record, decidedBy: decidedAt(decisions, source, w.at) } : record);
  }
  return wrong;
}

/**
 * The lines of a Traditional text that a round trip can measure: Han text not written in Simplified (data689k.txt
 * holds Wikisource notices in Simplified; they would count as errors of the return trip).
 */
export function traditionalLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => {
    if (!/\p{Script=Han}/u.test(line)) return false;
    const script = detect(line).script;
    return script === 'traditional' || script === 'ambiguous';
  });
}

/**
 * Round trip: to Simplified with `there`, back with `back`; every Han position of the original that comes back as
 * another character than a declared variant of it is an error. Lines are split by the hash of their text.
 * Positions holding a form outside the Traditional standard (`outsideStandard`) are left out. With `writable`, the
 * errors at positions the first trip lost are counted apart as well (result.lost): the Simplified character there is
 * one the return trip's data never writes back as the original (or a declared variant of it).
 */
export function measureRoundTrip(lines: readonly string[], there: Convert, back: Convert, variants: VariantTable,
  outsideStandard: (c: string) => boolean, explainBack?: Explain, writable?: Writable): MeasureResult {
  const result: MeasureResult = { ...newResult(), lost: { dev: 0, test: 0 } };
  const simplified = convertAll(there, lines);
  const returned = convertAll(back, simplified);
  const counted = (c: string) => isHan(c) && !outsideStandard(c);
  lines.forEach((line, k) => {
    const split = splitOf(line);
    const wrong = tallyPair(result, split, line, returned[k]!, variants, counted, simplified[k], explainBack);
    if (!writable || wrong.length === 0) return;
    const reference = [...line.normalize('NFC')], middle = [...simplified[k]!.normalize('NFC')];
    if (middle.length !== reference.length) return; // positions do not map: none counted as lost
    for (const w of wrong) {
      const s = middle[w.at]!, original = reference[w.at]!;
      if (!writable(s).some((t) => variants.same(t, original))) result.lost![split]++;
    }
  });
  return result;
}

/** The Traditional characters a Simplified→Traditional conversion's data can write for a Simplified character. */
export type Writable = (simplified: string) => readonly string[];

/**
 * Writable from dictionary entries ([key, ...values]): every value of a one-character entry, and the character at
 * the same position of every value of a phrase whose key and value have as many characters; the character itself.
 */
export function writableFrom(entries: Iterable<readonly string[]>): Writable {
  const written = new Map<string, Set<string>>();
  for (const [key, ...values] of entries) {
    const k = [...key!];
    for (const value of values) {
      const v = [...value];
      if (v.length !== k.length) continue;
      k.forEach((c, i) => {
        if (!written.has(c)) written.set(c, new Set([c]));
        written.get(c)!.add(v[i]!);
      });
    }
  }
  return (s) => [...(written.get(s) ?? [s])];
}

/**
 * Characters of a source text that no Simplified→Traditional conversion writes: forms the given character tables
 * convert (内 → 內, 彦 → 彥 in OpenCC's STCharacters; 録 → 录, 産 → 产 in TSCharacters, the old and Japanese glyphs of
 * data689k.txt) and that none of OpenCC's Simplified→Traditional outputs ever contains. A round trip cannot give
 * them back whatever it does, so they are neither counted nor errors (the table says how many were left out).
 */
export function outsideStandardForms(characterTables: readonly (readonly string[])[], stOutputs: Iterable<string>): (c: string) => boolean {
  const written = new Set<string>();
  for (const value of stOutputs) for (const c of value) written.add(c);
  const converted = new Set(characterTables.filter(([key, value]) => value !== undefined && key !== value).map(([key]) => key!));
  return (c) => converted.has(c) && !written.has(c);
}

/** Pairs of human text, one per script, with the split key of the document they come from. */
export interface ParallelSegment {
  readonly simplified: string;
  readonly traditional: string;
  readonly document: string;
}

/** Convert one side and compare it with the other human version. */
export function measureParallel(segments: readonly ParallelSegment[], direction: 'toTraditional' | 'toSimplified', convert: Convert,
  variants: VariantTable, explain?: Explain): MeasureResult {
  const result = newResult();
  const sources = segments.map((s) => (direction === 'toTraditional' ? s.simplified : s.traditional));
  const outputs = convertAll(convert, sources);
  segments.forEach((segment, k) => {
    const reference = direction === 'toTraditional' ? segment.traditional : segment.simplified;
    tallyPair(result, splitOf(segment.document), reference, outputs[k]!, variants, isHan, sources[k], explain);
  });
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// LibreOffice help pages (zh-CN and zh-TW, translated by people)

const BLOCKS = new Set(['title', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'td', 'th', 'li', 'dt', 'dd', 'caption']);

/** Text of each block element with an id, by id (LibreOffice's help gives every paragraph a stable id). */
function blocksById(html: string): Map<string, string> {
  const blocks = new Map<string, string>();
  const stack: { tag: string; id: string | null; text: string }[] = [];
  let skip = 0;
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'script' || name === 'style') skip++;
      if (BLOCKS.has(name)) stack.push({ tag: name, id: attributes.id ?? (name === 'title' ? 'title' : null), text: '' });
    },
    ontext(text) {
      if (skip === 0 && stack.length > 0) stack[stack.length - 1]!.text += text;
    },
    onclosetag(name) {
      if (name === 'script' || name === 'style') skip--;
      if (BLOCKS.has(name) && stack.length > 0 && stack[stack.length - 1]!.tag === name) {
        const block = stack.pop()!;
        const text = block.text.replace(/\s+/g, ' ').trim();
        if (block.id && text !== '') blocks.set(block.id, text);
      }
    },
  }, { decodeEntities: true });
  parser.end(html);
  return blocks;
}

function htmlFiles(folder: string, base = folder): string[] {
  const files: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) files.push(...htmlFiles(path, base));
    else if (name.endsWith('.html')) files.push(relative(base, path));
  }
  return files;
}

/** The folder holding zh-CN/ and zh-TW/ under a folder given by the user (the help itself or an unpacked .deb). */
export function helpFolder(root: string): string | null {
  for (const candidate of [root, join(root, 'usr/share/libreoffice/help'), join(root, 'help')]) {
    if (existsSync(join(candidate, 'zh-CN')) && existsSync(join(candidate, 'zh-TW'))) return candidate;
  }
  return null;
}

/**
 * Same length and every position the same character up to script: the two translators wrote the same words, so
 * each position of one is a conversion of the other.
 */
export type SameUpToScript = (simplified: string, traditional: string) => boolean;

export function loadHelpSegments(folder: string, sameUpToScript: SameUpToScript): { segments: ParallelSegment[]; pages: number; blocks: number } {
  const segments: ParallelSegment[] = [];
  let pages = 0, blocks = 0;
  const cn = join(folder, 'zh-CN'), tw = join(folder, 'zh-TW');
  for (const file of htmlFiles(cn)) {
    const twPath = join(tw, file);
    if (!existsSync(twPath)) continue;
    pages++;
    const cnBlocks = blocksById(readFileSync(join(cn, file), 'utf8'));
    const twBlocks = blocksById(readFileSync(twPath, 'utf8'));
    for (const [id, simplified] of cnBlocks) {
      const traditional = twBlocks.get(id);
      if (!traditional || !/\p{Script=Han}/u.test(simplified)) continue;
      blocks++;
      // Runs of Han characters between punctuation, paired in order when both paragraphs have as many: a clause
      // the translators wrote alike counts even when another clause of the paragraph differs.
      const left = simplified.split(/[^\p{Script=Han}]+/u).filter((r) => r !== '');
      const right = traditional.split(/[^\p{Script=Han}]+/u).filter((r) => r !== '');
      if (left.length !== right.length) continue;
      left.forEach((run, k) => {
        const s = [...run], t = [...right[k]!];
        if (s.length === t.length && s.every((c, i) => sameUpToScript(c, t[i]!))) segments.push({ simplified: run, traditional: right[k]!, document: file });
      });
    }
  }
  return { segments, pages, blocks };
}
