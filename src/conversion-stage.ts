/**
 * The stage interface of the conversion chain. A stage rewrites a stretch of UTF-16 units segment by segment and
 * says what it needs to do so: which units its decisions read (the stream cuts text only after a unit that no
 * stage reads) and how far around a position one decision looks (so that a stream knows when text still to come
 * can no longer change a decision). It labels each decision for explain(). The dictionary pass (DictionaryStage)
 * is the fast implementation; the chain runs it without the indirection (see ConversionChain).
 */
import type { UnitBuffer } from './code-units.js';
import { convertPass, type WrittenMarks } from './conversion-pass.js';
import { FLAG_AMBIGUOUS, FLAG_FANJIAN, type CompiledDictionary } from './dictionary/compiled-dictionary.js';

/** What explain() shows for one decision of a stage. */
export interface StageDecision {
  /** The dictionary or rule that decided; "(fanjian)" marks fanjian's own dictionaries/ layer. */
  readonly by: string;
  readonly target: string;
  /** A one-character default although the character has several candidates. */
  readonly ambiguous: boolean;
  /** For an ambiguous decision, every candidate (the chosen one first). */
  readonly candidates?: readonly string[];
  /** Why, where the stage knows it (rules and fanjian's corrections give their evidence). */
  readonly reason?: string;
}

/** The text a stage's decisions depend on. */
export interface StageContext {
  /** Whether a decision may read or change this unit. A unit no stage reads is a safe place to cut a stream. */
  reads(unit: number): boolean;
  /**
   * The units a decision rewrites, when it reads only lookbehind/lookahead units around them (optional; else
   * every unit it reads): a stream may cut next to other units it reads as long as the cut is not next to these.
   */
  decidesOn?(unit: number): boolean;
  /** The most units one decision reads from its start on (a dictionary's longest key). */
  readonly lookahead: number;
  /** The most units before its start one decision reads (0 for a dictionary). */
  readonly lookbehind: number;
}

/** Receives every decision of every pass, for explain() and for the stream's cut search. */
export interface ChainTrace {
  /** A pass over input[from, to) begins; pass 0 is normalization, 1… the chain's stages. */
  beginPass(pass: number, stage: ChainStage, input: Uint16Array, from: number, to: number): void;
  /**
   * input[inStart, inEnd) became output[outStart, outEnd) by `decision` (see ChainStage.decision), or was copied
   * whole without a decision (decision < 0: an ideographic description sequence).
   */
  match(inStart: number, inEnd: number, outStart: number, outEnd: number, decision: number): void;
  /** The pass wrote output[0, length). */
  endPass(output: Uint16Array, length: number): void;
}

export interface ChainStage {
  /** Names the stage in explain() and in errors. */
  readonly label: string;
  readonly context: StageContext;
  /**
   * Rewrite source[from, to), whose segment k ends at ends[k] (k < count), into out (appending); rewrite ends[]
   * into output coordinates and return the segment count. Report every decision to `trace` when given, and every
   * evaluation that read text around it (as a decision < 0 over what it read), so a stream never cuts there.
   * `scratch` is a work array of BLOCK positions the chain lends to every pass.
   */
  run(source: Uint16Array, from: number, to: number, ends: Int32Array, count: number, out: UnitBuffer,
    trace: ChainTrace | null, scratch: Int32Array): number;
  /**
   * A stage that writes one unit for each unit may offer to rewrite units[from, to) in place (optional); the chain
   * uses it, untraced, on its own buffers.
   */
  rewrite?(units: Uint16Array, from: number, to: number, trace: null): void;
  /**
   * A stage right after the first dictionary stage whose decisions concern a few characters may ask that pass to
   * mark where it wrote them (optional): the marks to fill, or null when the group's data cannot tell. The chain
   * then calls rewriteMarked instead of rewrite, untraced.
   */
  watch?(previous: CompiledDictionary): WrittenMarks | null;
  rewriteMarked?(units: Uint16Array, from: number, to: number, marks: WrittenMarks): void;
  /** The decision a trace reported. */
  decision(id: number): StageDecision;
}

/** A compiled dictionary group as a stage: longest match first within each segment. */
export class DictionaryStage implements ChainStage {
  readonly label: string;
  readonly context: StageContext;

  /** `lookahead`: when the stage also segments beyond forward match, how far its decisions read (else its longest
   * key). */
  constructor(readonly dictionary: CompiledDictionary, lookahead = dictionary.maxKeyLength) {
    this.label = dictionary.names.join('+');
    const alphabet = dictionary.alphabet;
    this.context = { reads: (unit) => alphabet[unit] !== 0, lookahead, lookbehind: 0 };
  }

  run(source: Uint16Array, from: number, to: number, ends: Int32Array, count: number, out: UnitBuffer,
    trace: ChainTrace | null, scratch: Int32Array): number {
    return convertPass(this.dictionary, source, from, to, ends, count, 0, null, out, trace, scratch);
  }

  decision(entry: number): StageDecision {
    const dictionary = this.dictionary;
    const flags = dictionary.entryFlags[entry]!;
    const by = dictionary.provider(entry) + (flags & FLAG_FANJIAN ? ' (fanjian)' : '');
    const target = dictionary.value(entry);
    if (flags & FLAG_AMBIGUOUS) return { by, target, ambiguous: true, candidates: dictionary.candidates(entry) };
    return { by, target, ambiguous: false };
  }
}
