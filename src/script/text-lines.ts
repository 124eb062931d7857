/** Lines of a text with their positions, and the script counts of each (see character-classes.ts). */
import type { CharacterClasses } from './character-classes.js';

export interface TextLine {
  /** 1-based line number. */
  readonly number: number;
  /** UTF-16 range of the line's content, without its line ending. */
  readonly start: number;
  readonly end: number;
}

export function splitLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  const ending = /\r\n|\n|\r/g;
  let start = 0;
  for (let match = ending.exec(text); match; match = ending.exec(text)) {
    lines.push({ number: lines.length + 1, start, end: match.index });
    start = match.index + match[0].length;
  }
  lines.push({ number: lines.length + 1, start, end: text.length });
  return lines;
}

export interface ScriptCounts {
  /** Han characters. */
  han: number;
  /** Characters valid only in Simplified text (们, 发). */
  simplified: number;
  /** Characters valid only in Traditional text (們, 發). */
  traditional: number;
}

/** Made on first use: building the Unicode property's character set takes 0.4 ms, which start-up need not pay. */
let han: RegExp | null = null;

export function isHan(character: string): boolean {
  return (han ??= new RegExp('\\p{Script=Han}', 'u')).test(character);
}

export function countScripts(text: string, classes: CharacterClasses, start = 0, end = text.length): ScriptCounts {
  const counts: ScriptCounts = { han: 0, simplified: 0, traditional: 0 };
  for (let i = start; i < end; ) {
    const cp = text.codePointAt(i)!;
    const character = String.fromCodePoint(cp);
    i += character.length;
    if (!isHan(character)) continue;
    counts.han++;
    const script = classes.script(cp);
    if (script === 'simplified') counts.simplified++;
    else if (script === 'traditional') counts.traditional++;
  }
  return counts;
}

export type DetectedScript = 'traditional' | 'simplified' | 'mixed' | 'ambiguous' | 'none';

/**
 * The script of a stretch of text from its counts: none without Han, ambiguous when every character is common to
 * both scripts, else the majority when at least 80% of the script-specific characters agree, else mixed.
 * Confidence grows with the majority's share and with the number of script-specific characters seen.
 */
export function classify(counts: ScriptCounts): { script: DetectedScript; confidence: number } {
  if (counts.han === 0) return { script: 'none', confidence: 1 };
  const specific = counts.simplified + counts.traditional;
  if (specific === 0) return { script: 'ambiguous', confidence: 1 };
  const share = Math.max(counts.simplified, counts.traditional) / specific;
  const evidence = 1 - 1 / (1 + specific);
  if (share < 0.8) return { script: 'mixed', confidence: round((1 - share) * 2 * evidence) };
  return { script: counts.simplified > counts.traditional ? 'simplified' : 'traditional', confidence: round(share * evidence) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
