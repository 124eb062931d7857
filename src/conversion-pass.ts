/**
 * The passes of a conversion chain over UTF-16 units: maximum-forward-match segmentation, and one dictionary group
 * applied segment by segment, longest match first — in bulk (bulkPass), or unit by unit with a trace for explain().
 * Nothing is allocated per character.
 */
import { codePointLength, idsArity, unmatchedLength, type UnitBuffer } from './code-units.js';
import { ALL_DICTIONARIES, matchEntry, matchLength, type CompiledDictionary } from './dictionary/compiled-dictionary.js';
import {
  HEAD_HAS_ENTRY, HEAD_MEMBERSHIP_SHIFT, HEAD_RULE, HEAD_SLOW, HEAD_STARTS_LONGER, HEAD_UNIT,
} from './dictionary/head-table.js';
import type { ChainTrace } from './conversion-stage.js';
import type { ConversionCuts } from './conversion-cuts.js';
import { mayOverlap, refinedCut, refinementRead } from './conversion-segmentation.js';

export interface Segmentation {
  /** The compiled group that holds the segmentation keys (a stage group of the chain). */
  readonly dictionary: CompiledDictionary;
  /** Membership bits of the segmentation dictionaries within that group. */
  readonly mask: number;
}

/**
 * Where a pass wrote one of the watched characters (a context rule's, see context-rules.ts) other than inside a
 * value of two or more units (a rule defers to such a value: it is a phrase of the pass): output positions in
 * ascending order. The pass lists the units marked HEAD_RULE (the characters' fast writers) beside phrase starts,
 * so recording costs nothing per character; the rule stage then visits these positions instead of scanning.
 */
export class WrittenMarks {
  positions = new Int32Array(64);
  count = 0;

  /** `watched[unit]` is non-zero for a watched character. */
  constructor(readonly watched: Uint8Array) {}

  add(position: number): void {
    if (this.count === this.positions.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.positions);
      this.positions = grown;
    }
    this.positions[this.count++] = position;
  }

  /** Record the watched characters among units[from, to) (written by the slow path or copied). */
  addWritten(units: Uint16Array, from: number, to: number): void {
    for (let k = from; k < to; k++) if (this.watched[units[k]!] !== 0) this.add(k);
  }
}

export function startsKey(head: Int32Array, unit: number): boolean {
  return (head[unit]! & (HEAD_HAS_ENTRY | HEAD_STARTS_LONGER)) !== 0;
}

/**
 * Output capacity: passes keep room for one unit per remaining input unit, so only a value longer than its key
 * needs a check. Returns the (possibly new) output array.
 */
function reserve(out: UnitBuffer, o: number, needed: number): Uint16Array {
  if (o + needed > out.units.length) {
    out.length = o;
    out.ensure(needed);
  }
  return out.units;
}

/**
 * Maximum forward match segmentation of units[start, end); leaves the segment ends in `ends`, returns the count
 * (-1 when `guard` finds the start of one of its keys).
 */
export function segment(
  segmentation: Segmentation,
  units: Uint16Array,
  start: number,
  end: number,
  ends: Int32Array,
  guard: CompiledDictionary | null,
  listed: Int32Array,
): number {
  const { dictionary, mask } = segmentation;
  // Besides phrase starts: slow units, and single characters that are segmentation keys.
  const slowBits = HEAD_SLOW | (mask << HEAD_MEMBERSHIP_SHIFT);
  let count = 0;
  let inRun = false;
  let done = start; // units[start, done) are segmented
  for (let block = start; block < end; block = Math.max(block + BLOCK, done)) {
    const listedCount = listStarts(dictionary, units, block, Math.min(end, block + BLOCK), end, slowBits, listed);
    for (let c = 0; c < listedCount; c++) {
      const at = listed[c]!;
      if (at < done) continue;
      if (at > done) inRun = true; // unmatched single units since the last match
      if (guard && startsKey(guard.head, units[at]!)) return -1;
      const found = dictionary.match(units, at, end, mask);
      if (found >= 0) {
        const matched = at + matchLength(found);
        if (inRun) ends[count++] = at;
        ends[count++] = matched;
        inRun = false;
        done = matched;
      } else {
        inRun = true;
        done = at + unmatchedLength(units, at, end);
      }
    }
  }
  if (done < end) inRun = true;
  if (inRun || count === 0) ends[count++] = end;
  return count;
}

/** Units handled per block by bulkPass: its candidate list fits in a small fixed array. */
export const BLOCK = 4096;

/** Where a bulk pass stands between two blocks. */
class BulkCursor {
  /** Input segments passed (a pass over given segments), or output segments found (a segmenting pass). */
  segment = 0;
  /** Segmenting: an unmatched stretch is open. */
  inRun = false;
  /** Refinement: a key found before cap ends by cap (see conversion-segmentation.ts). */
  cap: number;

  constructor(
    /** Output position = input position + shift. */
    public shift: number,
    /** source[from, done) is final in the output. */
    public done: number,
    /** The end of the current input segment (the pass's end in a segmenting pass). */
    public segmentEnd: number,
  ) {
    this.cap = done;
  }

  save(shift: number, done: number, segment: number, segmentEnd: number, inRun: boolean, cap: number): void {
    this.shift = shift;
    this.done = done;
    this.segment = segment;
    this.segmentEnd = segmentEnd;
    this.inRun = inRun;
    this.cap = cap;
  }
}

/**
 * convertPass without a trace, in bulk. Block by block, every unit is first written as its one-character
 * conversion (head) while the positions that need more are listed without a branch: where two units start a
 * longer key (an exact trie test on the pair) or the unit is slow. Then only those positions are visited: a trie
 * walk for the longest key, or the general step for a slow unit. Phrase starts are rare and hard to predict, so
 * listing them first spares the per-character branch that would dominate. A value of another length than its key
 * moves what follows; the rest of that block is then rewritten from the source at the new offset.
 * Segments, fusedMask, guard and the result are as in convertPass.
 *
 * The steps of a block are functions of their own (sweep, then visitSegmenting or visitSegments), called once
 * per block, for V8's sake: a whole pass in one function spends its first run in one long loop, which V8
 * compiles on the stack (OSR) from the type feedback of that run alone, with none for the code after the loop and
 * none for the function's entry (feedback starts only after some work). That code was thrown away at the loop's
 * end, the next compilation at the following call's entry, and each pass kind that had not run yet (segmenting
 * or not, as in s2twp's first and second passes) threw away the next: three to five compilations of 40–100 ms
 * each, in the first conversions of every thread. Functions called per block are compiled from calls that ran
 * them whole; the sweep, small and the same for every pass, is compiled within the first block; a visitor
 * meets only one kind of pass.
 */
function bulkPass(
  dictionary: CompiledDictionary,
  source: Uint16Array,
  from: number,
  to: number,
  ends: Int32Array,
  count: number,
  fusedMask: number,
  refine: boolean,
  guard: CompiledDictionary | null,
  out: UnitBuffer,
  listed: Int32Array,
  marks: WrittenMarks | null,
  cuts: ConversionCuts | null,
): number {
  const segmenting = fusedMask !== 0;
  if (marks) marks.count = 0;
  cuts?.begin();
  reserve(out, out.length, to - from + 16);
  const cursor = new BulkCursor(out.length - from, from, segmenting ? to : ends[0]!);
  const { head, alphabet, symbolBase, check } = dictionary;
  // As in convertPass: in a segmenting pass, single characters that are segmentation keys end the stretch. With
  // marks, the units that write a watched character are listed too (for free: the same test as slow units).
  const listBits = HEAD_SLOW | (fusedMask << HEAD_MEMBERSHIP_SHIFT) | (marks ? HEAD_RULE : 0);
  for (let start = from; start < to; start = Math.max(start + BLOCK, cursor.done)) {
    const end = Math.min(to, start + BLOCK);
    const listedCount = sweep(head, alphabet, symbolBase, check, source, start, end, to, alphabet[source[start]!]!,
      out.units, cursor.shift, listBits, listed);
    if (segmenting
      ? !visitSegmenting(dictionary, source, end, to, fusedMask, refine, guard, out, ends, listed, listedCount, marks,
        cursor, cuts)
      : !visitSegments(dictionary, source, end, to, refine, guard, out, ends, listed, listedCount, marks, cursor, cuts)) return -1;
  }
  const { shift } = cursor;
  cuts?.end(shift);
  let { segment } = cursor;
  out.length = to + shift;
  if (segmenting) {
    if (cursor.inRun || cursor.done < to || segment === 0) ends[segment++] = to + shift;
    return segment;
  }
  while (segment < count) {
    ends[segment] = ends[segment]! + shift;
    segment++;
  }
  return count;
}

/**
 * The first step of a block of bulkPass, source[start, end) of a pass over source[.., to): writeHeads and
 * listStarts in one sweep (one read of each unit and its head), the loop that matters most. Writes at
 * position + shift; `symbol` is the alphabet symbol of source[start]. Returns how many positions it listed.
 */
function sweep(
  head: Int32Array,
  alphabet: Uint16Array,
  symbolBase: Int32Array,
  check: Uint16Array,
  source: Uint16Array,
  start: number,
  end: number,
  to: number,
  symbol: number,
  target: Uint16Array,
  shift: number,
  listBits: number,
  listed: Int32Array,
): number {
  let listedCount = 0;
  for (let i = start; i < end; i++) {
    const unit = source[i]!;
    const bits = head[unit]!;
    target[i + shift] = (bits ^ unit) & HEAD_UNIT;
    const next = i + 1 < to ? alphabet[source[i + 1]!]! : 0;
    listed[listedCount] = i;
    listedCount += ((((check[symbolBase[symbol]! + next]! ^ next) - 1) >> 31) & (-next >> 31) | (-(bits & listBits) >> 31)) & 1;
    symbol = next;
  }
  return listedCount;
}

/**
 * The second step of a block of a pass over given segments (`ends`, rewritten into output coordinates as the pass
 * goes): the positions the sweep listed, up to `end`. False when `guard` finds a key start.
 */
function visitSegments(
  dictionary: CompiledDictionary,
  source: Uint16Array,
  end: number,
  to: number,
  refine: boolean,
  guard: CompiledDictionary | null,
  out: UnitBuffer,
  ends: Int32Array,
  listed: Int32Array,
  listedCount: number,
  marks: WrittenMarks | null,
  cursor: BulkCursor,
  cuts: ConversionCuts | null,
): boolean {
  const head = dictionary.head;
  let target = out.units;
  let { shift, done, segment, segmentEnd, cap } = cursor;
  const blockShift = shift; // where the sweep wrote this block's one-character conversions
  for (let c = 0; c < listedCount; c++) {
    const at = listed[c]!;
    if (at < done) continue; // inside the previous match
    while (at >= segmentEnd) { // every change before this segment end is made: it has its output position
      ends[segment++] = segmentEnd + shift;
      segmentEnd = ends[segment]!;
    }
    if (shift !== blockShift) writeHeads(head, source, done, at, target, shift);
    done = at;
    const unit = source[at]!;
    const limit = at < cap ? cap : segmentEnd;
    const bits = head[unit]!;
    let found: number;
    if ((bits & HEAD_SLOW) === 0) {
      // Listed for the character it writes: unless a longer key starts here, that character stands.
      if (marks && (bits & HEAD_RULE) !== 0 && !pairStartsKey(dictionary, source, at, limit)) {
        marks.add(at + shift);
        continue;
      }
      if (at + 1 >= limit) continue; // the pair spans two segments (or passes a refined cut)
      found = dictionary.walk(source, at, limit, ALL_DICTIONARIES);
      if (found < 0) { // the pair only begins longer keys: the one-character conversion stands
        if (marks && (bits & HEAD_RULE) !== 0) marks.add(at + shift);
        continue;
      }
    } else {
      if (guard && startsKey(guard.head, unit)) return false;
      found = dictionary.match(source, at, limit, ALL_DICTIONARIES);
      if (found < 0) {
        done = copyUnmatched(source, at, limit, target, shift, marks);
        continue;
      }
    }
    // No configuration refines a pass over given segments, but a chain without segmentation may (see
    // ConversionChain.refining).
    if (refine && limit === segmentEnd &&
        (cap = refinementCut(dictionary, ALL_DICTIONARIES, source, at, found, limit, end, c + 1 < listedCount ? listed[c + 1]! : to)) > 0) {
      c--; // again, up to the cut
      continue;
    }
    done = at + matchLength(found);
    if (cuts !== null) {
      const entry = matchEntry(found);
      cuts.replace(at, done, dictionary.valueStart[entry + 1]! - dictionary.valueStart[entry]!, shift);
    }
    const grow = writeValue(dictionary, matchEntry(found), at, done, to, shift, out, marks);
    if (grow > 0) target = out.units;
    shift += grow;
  }
  cursor.save(shift, finishBlock(head, source, done, end, target, shift, blockShift), segment, segmentEnd, false, cap);
  return true;
}

/**
 * The second step of a block of a segmenting pass (the first stage fused with the segmentation, see
 * ConversionChain.fused), which writes the segment ends it finds into `ends`, and refines the segmentation when
 * asked: the positions the sweep listed. False when `guard` finds a key start.
 */
function visitSegmenting(
  dictionary: CompiledDictionary,
  source: Uint16Array,
  end: number,
  to: number,
  fusedMask: number,
  refine: boolean,
  guard: CompiledDictionary | null,
  out: UnitBuffer,
  ends: Int32Array,
  listed: Int32Array,
  listedCount: number,
  marks: WrittenMarks | null,
  cursor: BulkCursor,
  cuts: ConversionCuts | null,
): boolean {
  const head = dictionary.head;
  // Single characters that are segmentation keys end the stretch: listed as slow units.
  const slowBits = HEAD_SLOW | (fusedMask << HEAD_MEMBERSHIP_SHIFT);
  let target = out.units;
  let { shift, done, segment, inRun, cap } = cursor;
  const blockShift = shift; // where the sweep wrote this block's one-character conversions
  for (let c = 0; c < listedCount; c++) {
    const at = listed[c]!;
    if (at < done) continue; // inside the previous match
    if (at > done) inRun = true; // single characters since the last change
    if (shift !== blockShift) writeHeads(head, source, done, at, target, shift);
    done = at;
    const unit = source[at]!;
    const limit = at < cap ? cap : to;
    const bits = head[unit]!;
    let found: number;
    if ((bits & slowBits) === 0) {
      // Listed for the character it writes: unless a longer key starts here, that character stands.
      if (marks && (bits & HEAD_RULE) !== 0 && !pairStartsKey(dictionary, source, at, limit)) {
        marks.add(at + shift);
        inRun = true;
        continue;
      }
      if (at + 1 >= limit) { // the pair passes a refined cut
        inRun = true;
        continue;
      }
      found = dictionary.walk(source, at, limit, ALL_DICTIONARIES);
      if (found < 0) { // the pair only begins longer keys: the one-character conversion stands
        if (marks && (bits & HEAD_RULE) !== 0) marks.add(at + shift);
        inRun = true;
        continue;
      }
      if (refine && limit === to &&
          (cap = refinementCut(dictionary, fusedMask, source, at, found, limit, end, c + 1 < listedCount ? listed[c + 1]! : to)) > 0) {
        c--; // again, up to the cut
        continue;
      }
      // Every longer key is a segmentation key (see ConversionChain.fused).
      if (inRun) ends[segment++] = at + shift;
      inRun = false;
    } else {
      if (guard && startsKey(guard.head, unit)) return false;
      found = dictionary.match(source, at, limit, fusedMask);
      if (refine && found >= 0 && limit === to &&
          (cap = refinementCut(dictionary, fusedMask, source, at, found, limit, end, c + 1 < listedCount ? listed[c + 1]! : to)) > 0) {
        c--; // again, up to the cut
        continue;
      }
      if (found >= 0) {
        if (inRun) ends[segment++] = at + shift;
        inRun = false;
      } else {
        inRun = true;
        found = dictionary.match(source, at, limit, ALL_DICTIONARIES); // a single character, if anything
        if (found < 0) {
          done = copyUnmatched(source, at, limit, target, shift, marks);
          continue;
        }
      }
    }
    done = at + matchLength(found);
    if (cuts !== null) {
      const entry = matchEntry(found);
      cuts.replace(at, done, dictionary.valueStart[entry + 1]! - dictionary.valueStart[entry]!, shift);
    }
    const grow = writeValue(dictionary, matchEntry(found), at, done, to, shift, out, marks);
    if (grow > 0) target = out.units;
    shift += grow;
    if (!inRun) ends[segment++] = done + shift;
  }
  // Units left after the block's last change are single characters of a stretch: say so before finishBlock, which
  // may move `done` past them (a value of another length before them), so that the stretch still ends a segment.
  cursor.save(shift, finishBlock(head, source, done, end, target, shift, blockShift), segment, to, inRun || done < end, cap);
  return true;
}

/**
 * The end of a block: when a value of another length than its key moved the output, the units after the block's
 * last change are rewritten at the final offset (the sweep wrote them at the block's first). Returns the new `done`.
 */
function finishBlock(
  head: Int32Array, source: Uint16Array, done: number, end: number, target: Uint16Array, shift: number,
  blockShift: number,
): number {
  if (shift === blockShift || done >= end) return done;
  writeHeads(head, source, done, end, target, shift);
  return end;
}

/**
 * Refinement (see conversion-segmentation.ts) of the match `found` at source[at]: where to cut it short, or 0.
 * Only a longer key starting inside the match can change it: the sweep listed every such start of this block (and
 * slow units, for which refinedCut finds no overlap), so the next listed position (`next`) answers unless the
 * match runs past the block (`end`).
 */
function refinementCut(
  dictionary: CompiledDictionary, mask: number, source: Uint16Array, at: number, found: number, limit: number,
  end: number, next: number,
): number {
  const matched = at + matchLength(found);
  if (matched <= end ? next >= matched
    : !mayOverlap(dictionary.alphabet, dictionary.symbolBase, dictionary.check, source, at, matched, limit)) return 0;
  return refinedCut(dictionary, mask, source, at, matched, matchEntry(found), limit);
}

/** Whether a key of two or more units may start at source[at] (the pair lying before `limit`). */
function pairStartsKey(dictionary: CompiledDictionary, source: Uint16Array, at: number, limit: number): boolean {
  if (at + 1 >= limit) return false;
  const second = dictionary.alphabet[source[at + 1]!]!;
  return second !== 0 && dictionary.check[dictionary.symbolBase[dictionary.alphabet[source[at]!]!]! + second] === second;
}

/**
 * Copies source[at, …) as a whole (a surrogate pair, or an ideographic description sequence) to at + shift, and
 * marks the watched characters it holds; returns where it ends.
 */
function copyUnmatched(
  source: Uint16Array, at: number, limit: number, target: Uint16Array, shift: number, marks: WrittenMarks | null,
): number {
  const n = idsArity(source[at]!) > 0 ? unmatchedLength(source, at, limit) : codePointLength(source, at, limit);
  for (let j = at; j < at + n; j++) target[j + shift] = source[j]!;
  marks?.addWritten(target, at + shift, at + n + shift);
  return at + n;
}

/**
 * Writes the value of `entry` (the match source[at, matched)) at at + shift, growing the output if need be (the
 * pass keeps room for one unit per input unit up to `to`); returns how much longer the value is than its key.
 */
function writeValue(
  dictionary: CompiledDictionary, entry: number, at: number, matched: number, to: number, shift: number,
  out: UnitBuffer, marks: WrittenMarks | null,
): number {
  const { valueStart, valueUnits } = dictionary;
  const vs = valueStart[entry]!, ve = valueStart[entry + 1]!;
  const grow = ve - vs - (matched - at);
  const target = grow > 0 ? reserve(out, at + shift, to - at + grow + 16) : out.units;
  for (let v = vs, t = at + shift; v < ve; v++, t++) target[t] = valueUnits[v]!;
  // A watched character in a value of two or more units is a phrase's (the rules defer to it): not marked.
  if (marks && ve - vs === 1 && marks.watched[valueUnits[vs]!] !== 0) marks.add(at + shift);
  return grow;
}

/** The one-character conversions of source[from, to), into target at from + shift. */
function writeHeads(head: Int32Array, source: Uint16Array, from: number, to: number, target: Uint16Array, shift: number): void {
  for (let i = from; i < to; i++) {
    const unit = source[i]!;
    target[i + shift] = (head[unit]! ^ unit) & HEAD_UNIT;
  }
}

/**
 * Lists in `listed` the positions of source[from, end) where a key of two or more units starts (the pair lying
 * before `limit`) or whose head has one of `slowBits`; returns how many. No branch in the loop: phrase starts
 * are rare and hard to predict, and V8 turns comparisons into branches, so the test is arithmetic — (x - 1) >> 31
 * is -1 exactly when x is 0 (x < 2^16), -next >> 31 is -1 when next is not 0 (a unit in no key has symbol 0),
 * -(bits & slowBits) >> 31 is -1 when a slow bit is set.
 */
function listStarts(
  dictionary: CompiledDictionary,
  source: Uint16Array,
  from: number,
  end: number,
  limit: number,
  slowBits: number,
  listed: Int32Array,
): number {
  const { head, alphabet, symbolBase, check } = dictionary;
  let count = 0;
  let symbol = alphabet[source[from]!]!;
  for (let i = from; i < end; i++) {
    const next = i + 1 < limit ? alphabet[source[i + 1]!]! : 0;
    listed[count] = i;
    count += ((((check[symbolBase[symbol]! + next]! ^ next) - 1) >> 31) & (-next >> 31) |
      (-(head[source[i]!]! & slowBits) >> 31)) & 1;
    symbol = next;
  }
  return count;
}

/**
 * One dictionary pass over source[from, to), segment by segment (segment k ends at ends[k]). With `fusedMask`,
 * the pass also segments (see ConversionChain.fused): a match of those dictionaries is its own segment and
 * anything else joins the current unmatched stretch; the segment ends found replace `ends`. Without it, the
 * given segments are kept and ends[] is rewritten into output coordinates. Returns the segment count, or -1 when
 * `guard` finds the start of one of its keys.
 *
 * Without a trace the pass runs in bulk (bulkPass); with one, unit by unit here, so that every match is reported
 * in order.
 */
export function convertPass(
  dictionary: CompiledDictionary,
  source: Uint16Array,
  from: number,
  to: number,
  ends: Int32Array,
  count: number,
  fusedMask: number,
  guard: CompiledDictionary | null,
  out: UnitBuffer,
  trace: ChainTrace | null,
  candidates: Int32Array,
  refine = false,
  marks: WrittenMarks | null = null,
  cuts: ConversionCuts | null = null,
): number {
  if (trace === null) {
    return bulkPass(dictionary, source, from, to, ends, count, fusedMask, refine, guard, out, candidates, marks, cuts);
  }
  const { head, symbolBase, valueStart, valueUnits, alphabet, check } = dictionary;
  const segmenting = fusedMask !== 0;
  let cap = from; // as in bulkPass
  // What refinements read, reported (decision -1) once the pass is past it, at a step boundary.
  let readFrom = -1, readTo = 0, readOut = 0;
  // Off the direct path: slow units; in a segmenting pass, characters that are segmentation keys themselves (they
  // end the stretch); and every single-character key (each match is reported).
  const slowBits = HEAD_SLOW | (segmenting ? fusedMask << HEAD_MEMBERSHIP_SHIFT : 0) | HEAD_HAS_ENTRY;
  let target = reserve(out, out.length, to - from + 16);
  let o = out.length;
  let i = from;
  let segments = 0;
  let inRun = false;
  for (let k = 0; k < count; k++) {
    const end = ends[k]!;
    while (i < end) {
      if (readFrom >= 0 && i >= readTo) {
        trace.match(readFrom, i, readOut, o, -1);
        readFrom = -1;
      }
      const unit = source[i]!;
      const direct = head[unit]!;
      const limit = i < cap ? cap : end;
      let matched = -1;
      let entry = -1;
      if ((direct & slowBits) === 0) {
        const second = i + 1 < limit ? alphabet[source[i + 1]!]! : 0;
        if (second !== 0 && check[symbolBase[alphabet[unit]!]! + second] === second) {
          // A key of two or more units starts here. Every longer key is a segmentation key in a segmenting pass,
          // so no mask is needed.
          const found = dictionary.walk(source, i, limit, ALL_DICTIONARIES);
          if (found >= 0) {
            matched = i + matchLength(found);
            entry = matchEntry(found);
          }
        }
        if (matched > 0 && refine && limit === end && matched - i >= 2) {
          cap = refinedCut(dictionary, segmenting ? fusedMask : ALL_DICTIONARIES, source, i, matched, entry, limit);
          if (readFrom < 0) { readFrom = i; readOut = o; }
          readTo = Math.max(readTo, refinementRead);
          if (cap > 0) continue; // again, up to the cut
        }
        if (matched < 0) {
          target[o++] = (direct ^ unit) & HEAD_UNIT;
          i++;
          inRun = true;
          continue;
        }
        if (segmenting && inRun) ends[segments++] = o;
        inRun = false;
      } else {
        if (guard && startsKey(guard.head, unit)) return -1;
        let found = dictionary.match(source, i, limit, segmenting ? fusedMask : ALL_DICTIONARIES);
        if (refine && found >= 0 && limit === end && matchLength(found) >= 2) {
          cap = refinedCut(dictionary, segmenting ? fusedMask : ALL_DICTIONARIES, source, i, i + matchLength(found),
            matchEntry(found), limit);
          if (readFrom < 0) { readFrom = i; readOut = o; }
          readTo = Math.max(readTo, refinementRead);
          if (cap > 0) continue; // again, up to the cut
        }
        if (!segmenting) {
          // no segments to track
        } else if (found >= 0) {
          if (inRun) ends[segments++] = o;
          inRun = false;
        } else {
          inRun = true;
          found = dictionary.match(source, i, limit, ALL_DICTIONARIES); // a single character, if anything
        }
        if (found >= 0) {
          matched = i + matchLength(found);
          entry = matchEntry(found);
        }
      }
      if (matched > 0) {
        const vs = valueStart[entry]!, ve = valueStart[entry + 1]!;
        if (ve - vs > matched - i) target = reserve(out, o, ve - vs + (to - matched) + 16);
        const at = o;
        for (let v = vs; v < ve; v++) target[o++] = valueUnits[v]!;
        trace.match(i, matched, at, o, entry);
        i = matched;
      } else {
        const ids = idsArity(unit) > 0;
        const n = ids ? unmatchedLength(source, i, limit) : codePointLength(source, i, limit);
        const at = o;
        for (let j = 0; j < n; j++) target[o++] = source[i + j]!;
        if (ids && n > 1) trace.match(i, i + n, at, o, -1);
        i += n;
      }
      if (segmenting && !inRun) ends[segments++] = o;
    }
    if (!segmenting) ends[k] = o;
  }
  if (readFrom >= 0) trace.match(readFrom, i, readOut, o, -1);
  if (segmenting && (inRun || segments === 0)) ends[segments++] = o;
  out.length = o;
  return segmenting ? segments : count;
}
