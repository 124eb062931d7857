/**
 * What Unicode's Unihan database says about an error's two characters (`npm run accuracy -- --errors N --unihan
 * FILE`): whether the form the reference has and the form a converter wrote are variants of one character, variants
 * in some senses only, a Simplified/Traditional pair, or not linked at all. The declared-variant table
 * (dictionaries/variants.tsv) takes a pair from Unihan only by the rules its comments state; this tells, for the
 * errors left, which of them some Unihan field links, so that the README can count them by the evidence there is.
 * Unihan_Variants.txt comes with Debian's unicode-data (bunzip2 the .bz2 first). Not part of any build or test.
 */
import { readFileSync } from 'node:fs';
import type { ErrorRecord } from './accuracy-measures.js';

/** The kinds of link, strongest first: the first that holds names an error's class. */
export const EVIDENCE = [
  'kZVariant or kSemanticVariant (variants of one character)',
  'kSpecializedSemanticVariant only (variants in some senses)',
  'kSimplifiedVariant/kTraditionalVariant (one character of the pair simplifies to the other)',
  'no Unihan link',
] as const;
export type Evidence = (typeof EVIDENCE)[number];

export class UnihanLinks {
  /** "ab" → the fields linking a to b (either direction is stored under both orders). */
  private readonly fields = new Map<string, Set<string>>();

  constructor(unihanVariants: string) {
    const char = (codePoint: string) => String.fromCodePoint(parseInt(codePoint.slice(2), 16));
    for (const line of unihanVariants.split('\n')) {
      if (!line.startsWith('U+')) continue;
      const [codePoint, field, values] = line.split('\t');
      if (!values || field === 'kSpoofingVariant') continue;
      const a = char(codePoint!);
      for (const value of values.split(' ')) {
        const b = char(value.split('<')[0]!);
        for (const key of [a + b, b + a]) {
          if (!this.fields.has(key)) this.fields.set(key, new Set());
          this.fields.get(key)!.add(field!);
        }
      }
    }
  }

  static load(file: string): UnihanLinks {
    return new UnihanLinks(readFileSync(file, 'utf8'));
  }

  /** The Unihan fields that link two characters, sorted. */
  link(a: string, b: string): string[] {
    return [...(this.fields.get(a + b) ?? [])].sort();
  }

  evidence(a: string, b: string): Evidence {
    const fields = this.fields.get(a + b);
    if (fields?.has('kZVariant') || fields?.has('kSemanticVariant')) return EVIDENCE[0];
    if (fields?.has('kSpecializedSemanticVariant')) return EVIDENCE[1];
    if (fields?.has('kSimplifiedVariant') || fields?.has('kTraditionalVariant')) return EVIDENCE[2];
    return EVIDENCE[3];
  }

  /** Errors per kind of link, in EVIDENCE's order. */
  count(errors: readonly ErrorRecord[]): Map<Evidence, number> {
    const counts = new Map<Evidence, number>(EVIDENCE.map((e) => [e, 0]));
    for (const e of errors) {
      const kind = this.evidence(e.expected, e.got);
      counts.set(kind, counts.get(kind)! + 1);
    }
    return counts;
  }
}
