/**
 * Where fanjian and OpenCC disagree: the converter's output (with fanjian's corrections and rules) against the same
 * configuration without them, which is OpenCC 1.4.2 exactly. Each difference names the dictionary or rule that
 * decided and its reason, so a reviewer sees why fanjian differs. Built on explain(): both conversions' spans,
 * merged where they overlap, give the stretches of the input whose two outputs can be compared.
 */
import type { Converter } from './converter.js';
import type { ExplainSpan } from './explain.js';

export interface OpenccDifference {
  /** UTF-16 index of the stretch in the input. */
  readonly index: number;
  readonly source: string;
  /** fanjian's output for the stretch, and OpenCC's. */
  readonly fanjian: string;
  readonly opencc: string;
  /** The fanjian dictionary or rule that decided ("rule quotation-yun (fanjian)", "STPhrases (fanjian)"), or the
   * dictionary of fanjian's span when the difference follows from another segmentation. */
  readonly by: string;
  readonly reason?: string;
}

/** The output of the spans for text[start, end) (spans lie inside it; text outside spans is copied). */
function outputOf(text: string, spans: readonly ExplainSpan[], start: number, end: number): string {
  let out = '';
  let at = start;
  for (const span of spans) {
    out += text.slice(at, span.index) + span.target;
    at = span.index + span.source.length;
  }
  return out + text.slice(at, end);
}

export function openccDifferences(fanjian: Converter, opencc: Converter, text: string): OpenccDifference[] {
  const ours = fanjian.explain(text), theirs = opencc.explain(text);
  const differences: OpenccDifference[] = [];
  let i = 0, j = 0;
  while (i < ours.length || j < theirs.length) {
    // The next stretch: spans of either conversion that overlap, merged.
    const firstOurs = i < ours.length && (j >= theirs.length || ours[i]!.index <= theirs[j]!.index);
    const start = firstOurs ? ours[i]!.index : theirs[j]!.index;
    let end = start;
    const mine: ExplainSpan[] = [], other: ExplainSpan[] = [];
    for (let grew = true; grew; ) {
      grew = false;
      while (i < ours.length && (ours[i]!.index < end || ours[i]!.index === start)) {
        end = Math.max(end, ours[i]!.index + ours[i]!.source.length);
        mine.push(ours[i++]!);
        grew = true;
      }
      while (j < theirs.length && (theirs[j]!.index < end || theirs[j]!.index === start)) {
        end = Math.max(end, theirs[j]!.index + theirs[j]!.source.length);
        other.push(theirs[j++]!);
        grew = true;
      }
    }
    const a = outputOf(text, mine, start, end), b = outputOf(text, other, start, end);
    if (a === b) continue;
    const decided = mine.find((s) => /\(fanjian\)/.test(s.dictionary)) ?? mine[0];
    const step = decided?.steps.find((s) => s.reason || /\(fanjian\)/.test(s.dictionary));
    differences.push({
      index: start, source: text.slice(start, end), fanjian: a, opencc: b,
      by: step?.dictionary ?? decided?.dictionary ?? 'segmentation',
      ...(step?.reason ? { reason: step.reason } : {}),
    });
  }
  return differences;
}
