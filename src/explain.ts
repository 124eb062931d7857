/**
 * explain(): the changes a conversion makes, as non-overlapping spans of the input that reassemble exactly into
 * the output. Every pass reports its dictionary matches; matches of later passes that touch the output of earlier
 * ones merge with them, so a span follows one piece of text from source to final form (里 → 裏 → 裡).
 */
import { fromCodeUnits, toCodeUnits, UnitBuffer } from './code-units.js';
import type { ChainStage, ChainTrace } from './conversion-stage.js';
import type { Converter } from './converter.js';
import { CORRECTION_REASONS, defaultStore, type DataStore } from './data-source.js';
import { decodeReasons, reasonOf, type CorrectionReasons } from './dictionary/correction-reasons.js';
import { FanjianError } from './errors.js';

export interface ExplainStep {
  /** 0 = before the chain (user dictionaries, protected terms, compatibility normalization); 1… = chain stage. */
  readonly stage: number;
  /** Dictionary or rule that supplied the value; "(fanjian)" marks fanjian's dictionaries/ layer. */
  readonly dictionary: string;
  readonly source: string;
  readonly target: string;
  readonly ambiguous: boolean;
  /** For an ambiguous step, every candidate the data knows (the chosen one first). */
  readonly candidates?: readonly string[];
  /** Why, where the step's stage gives its evidence (fanjian's rules and corrections). */
  readonly reason?: string;
}

export interface ExplainSpan {
  /** UTF-16 index of the span in the input. */
  readonly index: number;
  readonly source: string;
  readonly target: string;
  /** Stage and dictionary of the step that produced the final form. */
  readonly stage: number;
  readonly dictionary: string;
  /** A character converted by its default mapping although it has several candidates and no phrase decided. */
  readonly ambiguous: boolean;
  /** Why, when that step is one of fanjian's corrections or rules: the evidence given with it (see loadReasons). */
  readonly reason?: string;
  readonly steps: readonly ExplainStep[];
}

interface Block {
  /** Range in the current pass's coordinates (relative to the pass's start). */
  start: number;
  end: number;
  /** Range in the original input. */
  originStart: number;
  originEnd: number;
  steps: ExplainStep[];
}

const FANJIAN = ' (fanjian)';
const loadedReasons = new WeakMap<DataStore, CorrectionReasons>();

/**
 * The evidence of a fanjian correction (the comment above its entry in dictionaries/), read on first need; undefined
 * where a platform has not fetched it yet (browsers: Converter.loadReasons()).
 */
function correctionReason(dictionary: string, key: string): string | undefined {
  const store = defaultStore();
  let reasons = loadedReasons.get(store);
  if (!reasons) {
    try {
      reasons = decodeReasons(store.bytes(CORRECTION_REASONS));
    } catch (error) {
      if (error instanceof FanjianError && error.code === 'DATA_NOT_LOADED') return undefined;
      throw error;
    }
    loadedReasons.set(store, reasons);
  }
  return reasonOf(reasons, dictionary, key);
}

function stepOf(pass: number, stage: ChainStage, decision: number, source: string): ExplainStep {
  const { by, target, ambiguous, candidates, reason: stated } = stage.decision(decision);
  const reason = stated ?? (by.endsWith(FANJIAN) ? correctionReason(by.slice(0, -FANJIAN.length), source) : undefined);
  return {
    stage: pass, dictionary: by, source, target, ambiguous,
    ...(ambiguous && candidates ? { candidates } : {}), ...(reason ? { reason } : {}),
  };
}

/** Follows one run of the chain (one stretch between overrides) and turns its passes into blocks. */
class ChainTracer implements ChainTrace {
  blocks: Block[] = [];
  output: Uint16Array = new Uint16Array(0);
  outputLength = 0;
  private stage = 0;
  private chainStage: ChainStage | null = null;
  private input: Uint16Array = new Uint16Array(0);
  private from = 0;
  private matches: { start: number; end: number; outStart: number; outEnd: number; entry: number }[] = [];

  /** `withSteps` false: only the blocks' extents are wanted (the stream's cut search), not what happened. */
  constructor(private readonly origin: number, private readonly withSteps = true) {}

  beginPass(pass: number, stage: ChainStage, input: Uint16Array, from: number): void {
    this.stage = pass;
    this.chainStage = stage;
    this.input = input;
    this.from = from;
    this.matches = [];
  }

  match(inStart: number, inEnd: number, outStart: number, outEnd: number, entry: number): void {
    // Extents without a decision (text copied whole, context a rule read) matter to the stream's cut search only.
    if (entry < 0 && this.withSteps) return;
    this.matches.push({ start: inStart - this.from, end: inEnd - this.from, outStart, outEnd, entry });
  }

  endPass(output: Uint16Array, length: number): void {
    this.output = output;
    this.outputLength = length;
    const old = this.blocks, matches = this.matches;
    // Positions are queried in increasing order, so both mappings advance a cursor.
    let matchCursor = 0, shift = 0;
    const outOf = (x: number) => { // input → output, for x not strictly inside a match
      while (matchCursor < matches.length && matches[matchCursor]!.end <= x) {
        shift = matches[matchCursor]!.outEnd - matches[matchCursor]!.end;
        matchCursor++;
      }
      return x + shift;
    };
    let blockCursor = 0, originShift = this.origin;
    const originOf = (x: number) => { // input → original text, for x not strictly inside an old block
      while (blockCursor < old.length && old[blockCursor]!.end <= x) {
        originShift = old[blockCursor]!.originEnd - old[blockCursor]!.end;
        blockCursor++;
      }
      return x + originShift;
    };
    type Piece = { start: number; end: number; steps: ExplainStep[] };
    const fresh = new Set<ExplainStep>(); // this pass's steps (stage numbers may repeat: see ConversionChain)
    const pieces: Piece[] = [
      ...old.map((b) => ({ start: b.start, end: b.end, steps: b.steps })),
      ...matches.map((m) => {
        if (m.entry < 0 || !this.withSteps) return { start: m.start, end: m.end, steps: [] };
        const source = fromCodeUnits(this.input, this.from + m.start, this.from + m.end, false);
        const step = stepOf(this.stage, this.chainStage!, m.entry, source);
        fresh.add(step);
        return { start: m.start, end: m.end, steps: [step] };
      }),
    ].sort((a, b) => a.start - b.start || a.end - b.end);
    const blocks: Block[] = [];
    for (let i = 0; i < pieces.length; ) {
      let { start, end } = pieces[i]!;
      const steps: ExplainStep[] = [];
      const later: ExplainStep[] = [];
      for (; i < pieces.length && (pieces[i]!.start < end || pieces[i]!.start === start); i++) {
        end = Math.max(end, pieces[i]!.end);
        for (const step of pieces[i]!.steps) (fresh.has(step) ? later : steps).push(step);
      }
      const originStart = originOf(start), originEnd = originOf(end);
      blocks.push({ start: outOf(start), end: outOf(end), originStart, originEnd, steps: [...steps, ...later] });
    }
    this.blocks = blocks;
  }
}

export function explainConversion(converter: Converter, text: string): ExplainSpan[] {
  const units = toCodeUnits(text);
  const spans: ExplainSpan[] = [];
  const out = new UnitBuffer(text.length + 16);
  let tracer: ChainTracer | null = null;
  const finishGap = () => {
    if (!tracer) return;
    for (const b of tracer.blocks) addSpan(b.originStart, b.originEnd, fromCodeUnits(tracer.output, b.start, b.end, false), b.steps);
    tracer = null;
  };
  const addSpan = (start: number, end: number, target: string, steps: ExplainStep[]) => {
    const source = text.slice(start, end);
    // A default is no longer a guess once a rule or correction with its reason decided after it.
    const decided = steps.reduce((last, s, k) => (s.reason ? k : last), -1);
    const ambiguous = steps.some((s, k) => s.ambiguous && k > decided);
    // Unchanged text is a span only when a guess was made or a rule with its reason kept it (云 stays 云).
    if (source === target && !ambiguous && decided < 0) return;
    const changed = [...steps].reverse().find((s) => s.source !== s.target) ?? steps[steps.length - 1]!;
    // A span whose form a correction or rule kept (不准 stays 不准, 云 stays 云) is explained by that step.
    const explained = changed.reason !== undefined || decided < 0 || source !== target ? changed : steps[decided]!;
    spans.push({
      index: start, source, target, stage: explained.stage, dictionary: explained.dictionary, ambiguous,
      ...(explained.reason !== undefined ? { reason: explained.reason } : {}), steps,
    });
  };
  const overrides = converter.overrides;
  converter.convertUnits(units, 0, units.length, out, {
    override(at, end, entry) {
      finishGap();
      const source = text.slice(at, end);
      const target = overrides!.value(entry);
      addSpan(at, end, target, [{ stage: 0, dictionary: overrides!.provider(entry), source, target, ambiguous: false }]);
    },
    gap(at) {
      finishGap();
      tracer = new ChainTracer(at);
      return tracer;
    },
  });
  finishGap();
  return spans;
}

/**
 * The extents in units[start, end) of every decision convert() takes (override matches, dictionary matches merged
 * across passes as explain() merges them, sequences copied whole), as [start, end) pairs in input coordinates, in
 * order. A position strictly inside none of them is a boundary of every pass (the stream's cut search).
 */
export function decisionExtents(converter: Converter, units: Uint16Array, start: number, end: number): number[] {
  const extents: number[] = [];
  let tracer: ChainTracer | null = null;
  const finishGap = () => {
    if (tracer) for (const b of tracer.blocks) extents.push(b.originStart, b.originEnd);
    tracer = null;
  };
  converter.convertUnits(units, start, end, new UnitBuffer(end - start + 16), {
    override(at, overrideEnd) {
      finishGap();
      extents.push(at, overrideEnd);
    },
    gap(at) {
      finishGap();
      tracer = new ChainTracer(at, false);
      return tracer;
    },
  });
  finishGap();
  return extents;
}
