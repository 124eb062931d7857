/**
 * Where fanjian and OpenCC disagree: the converter's output (with fanjian's corrections and rules) against the same
 * configuration without them, which is OpenCC 1.4.2 exactly. Each difference names the dictionary or rule that
 * decided and its reason, so a reviewer sees why fanjian differs. Built on explain(): both conversions' spans,
 * merged where they overlap, give the stretches of the input whose two outputs can be compared.
 */
import type { Converter } from './converter.js';
import type { ExplainSpan, ExplainStep } from './explain.js';

export interface OpenccDifference {
  /** UTF-16 index of the stretch in the input. */
  readonly index: number;
  readonly source: string;
  /** fanjian's output for the stretch, and OpenCC's. */
  readonly fanjian: string;
  readonly opencc: string;
  /** The fanjian dictionary or rule that decided ("rule quotation-yun (fanjian)", "STPhrases (fanjian)"), or
   * "segmentation (fanjian)" when the difference follows from fanjian's segmentation beyond forward match. */
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

/** `by` of a difference that comes from fanjian's segmentation rather than from a correction or rule. */
export const SEGMENTATION = 'segmentation (fanjian)';

function isFanjian(step: ExplainStep): boolean {
  return step.reason !== undefined || step.dictionary.endsWith('(fanjian)');
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
    const decided = mine.find((s) => s.steps.some(isFanjian));
    const step = decided?.steps.find(isFanjian);
    if (step) {
      differences.push({
        index: start, source: text.slice(start, end), fanjian: a, opencc: b, by: step.dictionary,
        ...(step.reason ? { reason: step.reason } : {}),
      });
      continue;
    }
    // No correction or rule decided: the words were cut otherwise (conversion-segmentation.ts).
    const words = (spans: readonly ExplainSpan[], others: readonly ExplainSpan[]) => spans
      .filter((s) => s.source.length > 1 && !others.some((o) => o.index === s.index && o.source === s.source))
      .map((s) => s.source);
    const ourWords = words(mine, other), theirWords = words(other, mine);
    differences.push({
      index: start, source: text.slice(start, end), fanjian: a, opencc: b, by: SEGMENTATION,
      reason: `fanjian reads ${ourWords.join(', ') || 'single characters'} where OpenCC's forward maximum match takes ` +
        `${theirWords.join(', ') || 'single characters'}: the cut with fewer words (then fewer single characters), ` +
        'where the two convert differently',
    });
  }
  return differences;
}
