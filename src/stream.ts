/**
 * Incremental conversion as a web TransformStream<string, string>, and where such a stream may cut its text.
 *
 * Text is held back only as far as the last safe cut, so the output equals whole-text conversion for any chunking,
 * including cuts inside phrases, surrogate pairs and CRLF. A cut at p is safe when every pass of the chain (and the
 * override scan) has a step boundary at p whose decisions before it no text after it can change; then converting
 * [start, p) and what follows apart equals converting them together. Two searches find one:
 *  - after a character that no stage reads (StageContext.reads: line breaks, spaces, most punctuation) — the
 *    common case, a scan that resumes where it stopped;
 *  - in long stretches without such a character, a step boundary of the chain's first pass (a segment boundary
 *    when later stages follow), or failing that a position inside no decision of any pass, found by tracing the
 *    conversion of the pending text (decisionExtents).
 * Every decision looks a bounded number of units ahead (a stage's lookahead; an ideographic description sequence
 * at most MAX_IDS_LENGTH), so both searches know which of their decisions are final. Each unit is scanned a bounded
 * number of times and pending text stays bounded, so time and memory are linear in the input.
 */
import {
  codePointLength, idsArity, idsClosingEnd, idsEnd, isHighSurrogate, isLowSurrogate, MAX_IDS_LENGTH, needsWellFormedCheck,
  toCodeUnits,
} from './code-units.js';
import type { ConversionChain } from './conversion-chain.js';
import { DictionaryStage, type ChainStage } from './conversion-stage.js';
import type { Converter } from './converter.js';
import { ALL_DICTIONARIES, matchLength } from './dictionary/compiled-dictionary.js';
import { HEAD_SLOW, HEAD_UNIT } from './dictionary/head-table.js';
import { decisionExtents } from './explain.js';

/** Convert once this much text is pending; smaller chunks wait, so tiny writes do not each run the chain. */
const MIN_BATCH = 16 * 1024;
/** Past this much pending text without a breaking character, search for a cut inside the stretch. */
export const MAX_PENDING = 256 * 1024;

/** @internal Thresholds in units (tests lower them to exercise the searches on short texts). */
export interface StreamLimits {
  readonly minBatch: number;
  readonly maxPending: number;
}

/**
 * The state of a resumable scan: it goes on at `at`; no cut may fall before `noCutBefore`. `reach`: a description
 * sequence whose parse read up to its length bound looked that far, and a cut before it could make it parse
 * otherwise. That changes nothing while only operators (which every pass copies unchanged) lie between it and the
 * cut, so the bound applies once a unit of another kind comes within reach.
 */
export interface Scan {
  at: number;
  noCutBefore: number;
  reach: number;
}

export function newScan(at = 0): Scan {
  return { at, noCutBefore: at, reach: at };
}

/** The scan steps over units[from, to), none of them description operators. */
function passOver(scan: Scan, from: number): void {
  if (from < scan.reach) scan.noCutBefore = Math.max(scan.noCutBefore, scan.reach);
}

/**
 * The units the chain's first pass steps over at units[i] when no key matches there (a code point, or a whole
 * description sequence), or -1 when text after `end` could still change that step. Updates the scan's reach.
 */
function firstPassStep(units: Uint16Array, i: number, end: number, scan: Scan): number {
  if (idsArity(units[i]!) === 0) {
    passOver(scan, i);
    return codePointLength(units, i, end);
  }
  const stop = idsEnd(units, i, end);
  if (idsClosingEnd(units, i, end) === 0) { // the parse read up to its limit
    if (i + MAX_IDS_LENGTH >= end) return -1; // the limit is the end of the text so far
    scan.reach = Math.max(scan.reach, i + MAX_IDS_LENGTH);
  }
  const next = stop > i ? stop : i + 1;
  for (let j = i; j < next; j++) {
    if (idsArity(units[j]!) === 0) {
      passOver(scan, j);
      break;
    }
  }
  return next - i;
}

/** Where the text of one converter may be cut. */
export class StreamCuts {
  /** 1 for a unit after which a cut is safe: one that no stage and no override reads. */
  private readonly breakers: Uint8Array;
  /** Units before the end of the pending text beyond which a traced decision may still change. */
  private readonly horizon: number;
  /** For the first-pass boundary search: see chainBoundary (undefined: a stage needs the traced search). */
  private readonly near: Uint8Array | null | undefined;
  /** How many times each kind of search ran, and over how many units (for tests that bound the work). */
  readonly work = { breakerUnits: 0, boundaryUnits: 0, tracedUnits: 0 };

  constructor(private readonly converter: Converter) {
    const stages = converter.chain.allStages();
    const overrides = converter.overrides;
    const breakers = new Uint8Array(0x10000);
    for (let u = 0; u < 0x10000; u++) {
      if (idsArity(u) > 0 || (u >= 0xd800 && u <= 0xdfff)) continue;
      if (overrides && overrides.alphabet[u] !== 0) continue;
      if (stages.every((stage) => !stage.context.reads(u))) breakers[u] = 1;
    }
    this.breakers = breakers;
    // A pass reads its lookahead in the previous pass's output, which may be shorter than its input by up to
    // that pass's longest key per value: scale each lookahead back to input units.
    let horizon = MAX_IDS_LENGTH + (overrides ? overrides.maxKeyLength : 0);
    let scale = 1;
    for (const stage of stages) {
      horizon += (stage.context.lookahead + stage.context.lookbehind + MAX_IDS_LENGTH) * scale;
      scale *= Math.max(1, stage.context.lookahead);
    }
    this.horizon = horizon;
    this.near = nearRewrites(converter.chain);
  }

  /**
   * The last cut in units[0, end) after a breaking character, scanning on from `scan` (whose state it advances);
   * 0 when there is none yet.
   */
  breakerCut(units: Uint16Array, end: number, scan: Scan): number {
    const breakers = this.breakers, overrides = this.converter.overrides;
    let cut = 0;
    let i = scan.at;
    const from = i;
    while (i < end) {
      const unit = units[i]!;
      if (overrides && overrides.alphabet[unit] !== 0) {
        if (i + overrides.maxKeyLength >= end) break; // a longer override might match with more text
        const found = overrides.match(units, i, end, ALL_DICTIONARIES);
        if (found >= 0) {
          passOver(scan, i);
          i += matchLength(found);
          continue;
        }
      }
      if (isHighSurrogate(unit) && i + 1 >= end) break;
      const step = firstPassStep(units, i, end, scan);
      if (step < 0) break;
      i += step;
      if (breakers[unit] === 1 && i >= scan.noCutBefore) cut = i;
    }
    this.work.breakerUnits += i - from;
    scan.at = i;
    return cut;
  }

  /** A safe cut in units[0, end) for text without breaking characters, or 0 when there is none. */
  boundaryCut(units: Uint16Array, end: number): number {
    this.work.boundaryUnits += end;
    const overrides = this.converter.overrides;
    let stretch = 0; // the chain converts units[stretch, …) as one gap
    let reached = end;
    if (overrides) {
      // convertUnits' greedy override scan decides each position from maxKeyLength units ahead: every decision
      // that far before the end is final, so the end of an override match is a safe cut, and so is a chain
      // boundary inside the stretch after the last match, up to where the scan got.
      const limit = end - overrides.maxKeyLength - 1;
      let i = 0;
      const scan = newScan();
      while (i < limit) {
        const found = overrides.match(units, i, end, ALL_DICTIONARIES);
        if (found >= 0) {
          passOver(scan, i);
          i = i + matchLength(found);
          if (i >= scan.noCutBefore) stretch = i;
          continue;
        }
        const step = firstPassStep(units, i, end, scan);
        if (step < 0) break;
        i += step;
      }
      reached = Math.min(i, end);
      // A sequence could read across the last match: leave it to the traced search.
      if (scan.reach > stretch) return this.tracedCut(units, end);
    }
    const boundary = this.near === undefined ? stretch : chainBoundary(this.converter.chain, units, stretch, reached, this.near);
    if (boundary > 0) return boundary;
    return this.tracedCut(units, end);
  }

  /** The last position before the horizon that lies inside no decision of any pass. */
  private tracedCut(units: Uint16Array, end: number): number {
    const last = end - this.horizon;
    if (last <= 0) return 0;
    this.work.tracedUnits += end;
    const blocked = new Uint8Array(end + 1);
    const extents = decisionExtents(this.converter, units, 0, end);
    for (let k = 0; k < extents.length; k += 2) {
      const a = extents[k]!, b = extents[k + 1]!;
      blocked.fill(1, a + 1, b);
    }
    // A sequence whose parse read up to its length bound could parse otherwise in a shorter text: no cut within its
    // reach once a unit other than an operator follows it there (see Scan).
    let reach = 0, blockedTo = 0;
    const inside = blocked.slice();
    for (let q = 0; q < end; q++) {
      if (idsArity(units[q]!) > 0) {
        // Only an operator where a step starts was parsed as a sequence (not one inside a sequence).
        if (inside[q] === 0 && idsClosingEnd(units, q, end) === 0) reach = Math.max(reach, q + MAX_IDS_LENGTH);
      } else if (q < reach) {
        const from = Math.max(q + 1, blockedTo);
        if (from < reach) blocked.fill(1, from, Math.min(end, reach));
        blockedTo = Math.max(blockedTo, reach);
      }
    }
    for (let p = last; p > 0; p--) {
      if (blocked[p] === 0 && !(isHighSurrogate(units[p - 1]!) && isLowSurrogate(units[p]!))) return p;
    }
    return 0;
  }
}

/**
 * The units a first-pass step must not hold next to a cut because a stage after the dictionaries reads their first
 * stage's form (null when there is no such stage); undefined when a stage is neither a dictionary nor a rewrite in
 * place, whose cuts only the traced search can find.
 */
function nearRewrites(chain: ConversionChain): Uint8Array | null | undefined {
  const others = chain.stages.filter((stage) => !(stage instanceof DictionaryStage));
  if (others.length === 0) return null;
  if (others.some((stage) => !stage.rewrite)) return undefined;
  const first = chain.stages[0];
  const head = first instanceof DictionaryStage ? first.dictionary.head : null;
  const near = new Uint8Array(0x10000);
  for (let u = 0; u < 0x10000; u++) {
    const written = head ? (head[u]! ^ u) & HEAD_UNIT : u;
    const slow = head !== null && (head[u]! & HEAD_SLOW) !== 0;
    const decides = (stage: ChainStage, unit: number) => (stage.context.decidesOn ?? stage.context.reads)(unit);
    if (slow || others.some((stage) => decides(stage, u) || decides(stage, written))) near[u] = 1;
  }
  return near;
}

/**
 * The last boundary p in (start, end) of the chain's first pass, reached by its greedy scan from `start` with every
 * decision before it final (each looks at most maxKeyLength units ahead, so the scan stops that far before `end`);
 * `start` when there is none. With later dictionary stages, p must also be a segment boundary (next to a
 * segmentation match), which they never cross. Stages that rewrite in place one unit for one (context rules) read a
 * unit on each side: with `near` (units whose first-stage form such a stage reads), p must not touch a step that
 * holds one. Text whose normalization changes its length is left to the traced search.
 */
function chainBoundary(chain: ConversionChain, units: Uint16Array, start: number, end: number,
  near: Uint8Array | null): number {
  const dictionary = chain.firstPassDictionary();
  const single = chain.singlePass;
  // A refined segmentation (conversion-segmentation.ts) may cut otherwise than forward match: traced search.
  if (!dictionary || (!chain.segmentation && !single) || chain.refining) return start;
  let text = units, from = start, to = end;
  if (chain.needsNormalization(units, start, end)) {
    const normalized = chain.normalize(units, start, end);
    if (normalized.length !== end - start) return start;
    text = normalized.units;
    from = 0;
    to = normalized.length;
  }
  const mask = chain.segmentation ? chain.segmentation.mask : ALL_DICTIONARIES;
  const stop = to - dictionary.maxKeyLength - 1;
  const scan = newScan(from);
  let safe = from;
  let previousMatched = false, previousClean = true;
  for (let i = from; i < stop; ) {
    const found = dictionary.match(text, i, to, mask);
    let next: number;
    if (found >= 0) {
      passOver(scan, i);
      next = i + matchLength(found);
    } else {
      const step = firstPassStep(text, i, to, scan);
      if (step < 0) break;
      next = i + step;
    }
    let clean = true;
    if (near) for (let k = i; k < next && clean; k++) clean = near[text[k]!] === 0;
    // i ends the previous step: a boundary of every pass when the first pass is the only dictionary pass, or when a
    // segmentation match begins or ends there.
    if (i > from && (single || found >= 0 || previousMatched) && i >= scan.noCutBefore && clean && previousClean) {
      safe = i;
    }
    previousMatched = found >= 0;
    previousClean = clean;
    i = next;
  }
  return safe - from + start;
}

export function createConversionStream(
  converter: Converter,
  cuts = new StreamCuts(converter),
  { minBatch, maxPending }: StreamLimits = { minBatch: MIN_BATCH, maxPending: MAX_PENDING },
): TransformStream<string, string> {
  // The pending text, as code units only: units[0, length).
  let units = new Uint16Array(minBatch * 2);
  let length = 0;
  const scan = newScan();
  // A search inside a long stretch runs again only once the pending text has doubled since the last one, so that
  // no text is searched more than a bounded number of times.
  let nextBoundarySearch = maxPending;
  const emit = (controller: TransformStreamDefaultController<string>, end: number) => {
    const wellFormed = !needsWellFormedCheck() || isWellFormed(units, 0, end);
    controller.enqueue(converter.convertToString(units, 0, end, wellFormed));
  };
  return new TransformStream<string, string>({
    transform(chunk, controller) {
      if (typeof chunk !== 'string') {
        throw new TypeError(`fanjian stream expects string chunks, got ${chunk === null ? 'null' : typeof chunk}`);
      }
      if (units.length < length + chunk.length) {
        const grown = new Uint16Array(Math.max(length + chunk.length, units.length * 2));
        grown.set(units.subarray(0, length));
        units = grown;
      }
      toCodeUnits(chunk, units.subarray(length));
      length += chunk.length;
      if (length < minBatch) return;
      let cut = cuts.breakerCut(units, length, scan);
      if (cut === 0 && length >= nextBoundarySearch) {
        cut = cuts.boundaryCut(units, length);
        nextBoundarySearch = Math.max(maxPending, 2 * (length - cut)); // in the coordinates after the cut
        if (cut > 0) Object.assign(scan, newScan(cut)); // the breaker scan goes on after the cut, a boundary of every pass
      } else if (cut > 0) {
        nextBoundarySearch = Math.max(maxPending, nextBoundarySearch - cut);
      }
      if (cut === 0) return;
      emit(controller, cut);
      units.copyWithin(0, cut, length);
      length -= cut;
      scan.at -= cut;
      scan.noCutBefore -= cut;
      scan.reach -= cut;
    },
    flush(controller) {
      if (length > 0) emit(controller, length);
      length = 0;
    },
  });
}

/** Whether units[start, end) hold no lone surrogate. */
function isWellFormed(units: Uint16Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const unit = units[i]!;
    if (unit < 0xd800 || unit > 0xdfff) continue;
    if (!isHighSurrogate(unit) || i + 1 >= end || !isLowSurrogate(units[i + 1]!)) return false;
    i++;
  }
  return true;
}
