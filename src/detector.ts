/**
 * detect(): which script a text is written in, line by line, which Traditional standard it follows, and which
 * characters are out of place (the leftovers repair() would change).
 */
import { findRepairs, type RepairTarget } from './repairer.js';
import {
  HONG_KONG_FORM, REPLACED_IN_HONG_KONG, REPLACED_IN_TAIWAN, TAIWAN_FORM, type CharacterClasses,
} from './script/character-classes.js';
import { characterClasses } from './script/script-data.js';
import { classify, countScripts, isHan, splitLines, type DetectedScript, type ScriptCounts } from './script/text-lines.js';

export type { DetectedScript } from './script/text-lines.js';

/** Which Traditional standard: Taiwan, Hong Kong, or OpenCC's (the inherited forms, 爲 裏 着). */
export type TraditionalVariant = 'tw' | 'hk' | 't';

export interface DetectedLine {
  /** 1-based line number. */
  readonly line: number;
  readonly script: DetectedScript;
  readonly confidence: number;
}

export interface Outlier {
  /** UTF-16 index in the text. */
  readonly index: number;
  readonly char: string;
  /** The script the character belongs to (the other one than the text's). */
  readonly script: 'simplified' | 'traditional';
}

export interface Detection {
  readonly script: DetectedScript;
  readonly confidence: number;
  readonly variant?: TraditionalVariant;
  readonly counts: ScriptCounts & { readonly common: number };
  readonly lines: DetectedLine[];
  readonly outliers: Outlier[];
}

/** Scores of the three standards from their distinctive forms (a form one standard replaces counts against it). */
function detectVariant(text: string, classes: CharacterClasses): TraditionalVariant | undefined {
  const score = { tw: 0, hk: 0, t: 0 };
  for (const character of text) {
    const flags = classes.flags(character.codePointAt(0)!);
    if (!(flags & (TAIWAN_FORM | HONG_KONG_FORM | REPLACED_IN_TAIWAN | REPLACED_IN_HONG_KONG))) continue;
    if (flags & TAIWAN_FORM) score.tw++;
    if (flags & HONG_KONG_FORM) score.hk++;
    if (flags & REPLACED_IN_TAIWAN) score.tw--;
    if (flags & REPLACED_IN_HONG_KONG) score.hk--;
    if (flags & (REPLACED_IN_TAIWAN | REPLACED_IN_HONG_KONG)) score.t++;
    if (flags & (TAIWAN_FORM | HONG_KONG_FORM)) score.t--;
  }
  const best = (['tw', 'hk', 't'] as const).reduce((a, b) => (score[b] > score[a] ? b : a));
  return score[best] > 0 ? best : undefined;
}

export function detect(text: string): Detection {
  if (typeof text !== 'string') throw new TypeError('detect() expects a string');
  const classes = characterClasses();
  const counts = countScripts(text, classes);
  const { script, confidence } = classify(counts);
  const lines = splitLines(text).map((line) => ({ line: line.number, ...classify(countScripts(text, classes, line.start, line.end)) }));
  const result: Detection = {
    script,
    confidence,
    counts: { ...counts, common: counts.han - counts.simplified - counts.traditional },
    lines,
    outliers: [],
  };
  const variant = script === 'traditional' || script === 'mixed' ? detectVariant(text, classes) : undefined;
  const outliers = outliersOf(text, script, variant, classes);
  return variant ? { ...result, variant, outliers } : { ...result, outliers };
}

/** In a text of one script: what repair towards that script would change; in a mixed text: the minority's characters. */
function outliersOf(text: string, script: DetectedScript, variant: TraditionalVariant | undefined,
  classes: CharacterClasses): Outlier[] {
  if (script === 'traditional' || script === 'simplified') {
    const to: RepairTarget = script === 'traditional' ? (variant ?? 't') : 'cn';
    const other = script === 'traditional' ? 'simplified' : 'traditional';
    return findRepairs(text, { to }).flatMap((change) => {
      const outliers: Outlier[] = [];
      let at = change.index;
      for (const char of change.from) {
        if (isHan(char)) outliers.push({ index: at, char, script: other });
        at += char.length;
      }
      return outliers;
    });
  }
  if (script !== 'mixed') return [];
  const counts = countScripts(text, classes);
  const minority = counts.simplified < counts.traditional ? 'simplified' : 'traditional';
  const outliers: Outlier[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    if (classes.script(cp) === minority) outliers.push({ index: i, char: String.fromCodePoint(cp), script: minority });
    i += cp > 0xffff ? 2 : 1;
  }
  return outliers;
}
