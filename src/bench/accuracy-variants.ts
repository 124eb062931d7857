/**
 * Prints the Unihan section of dictionaries/variants.tsv, so that anyone can check it against the rule it states:
 *
 *   node dist/bench/accuracy-variants.js /usr/share/unicode/Unihan_Variants.txt   (Debian package unicode-data,
 *   bunzip2 the .bz2 first)
 *
 * A pair comes from a kZVariant or kSemanticVariant field; OpenCC simplifies both forms to the same character;
 * neither is simplified-only (OpenCC's character table converts neither); and OpenCC's own Simplified→Traditional
 * data does not write both (if it does, a conversion may be choosing between two words). Pairs left out by hand are
 * named in the file's comment and below. Then, with --hk-glyph, the second Unihan section: the pairs left out only
 * because OpenCC writes both forms, where the kSemanticVariant field cites kHKGlyph (Hong Kong's List of Graphemes of
 * Commonly-Used Chinese Characters gives the two as one character). Not part of any build or test.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Pairs the rule admits that Taiwan's usage tells apart (see the comment in dictionaries/variants.tsv). */
const LEFT_OUT_BY_HAND = new Set(['鉆\t鑽']);

async function openccDictionary(name: string): Promise<string[][]> {
  const data = ((await import(`opencc-js/dict/${name}`)) as { default: string }).default;
  return data.split('|').map((entry) => entry.split(' '));
}

export async function unihanVariantLines(unihanVariants: string, hkGlyphWrittenBoth = false): Promise<string[]> {
  const char = (codePoint: string) => String.fromCodePoint(parseInt(codePoint.slice(2), 16));
  const simplified = new Map((await openccDictionary('TSCharacters')).map(([key, value]) => [key!, value!]));
  const stCharacters = await openccDictionary('STCharacters');
  const toTraditional = new Map(stCharacters.map(([key, value]) => [key!, value!]));
  const written = new Set<string>();
  for (const [, ...values] of [...stCharacters, ...await openccDictionary('STPhrases')]) {
    for (const value of values) for (const c of value) written.add(c);
  }
  const simplify = (c: string) => simplified.get(c) ?? c;
  const simplifiedOnly = (c: string) => (toTraditional.get(c) ?? c) !== c;

  const pairs = new Map<string, Set<string>>();
  for (const line of unihanVariants.split('\n')) {
    if (!line.startsWith('U+')) continue;
    const [codePoint, field, values] = line.split('\t');
    if ((field !== 'kSemanticVariant' && field !== 'kZVariant') || !values) continue;
    const a = char(codePoint!);
    for (const value of values.split(' ')) {
      const [target, sources] = value.split('<');
      const b = char(target!);
      if (a === b || simplify(a) !== simplify(b)) continue;
      if (simplifiedOnly(a) || simplifiedOnly(b)) continue;
      if ((written.has(a) && written.has(b)) !== hkGlyphWrittenBoth) continue;
      if (hkGlyphWrittenBoth && !(field === 'kSemanticVariant' && sources?.split(',').includes('kHKGlyph'))) continue;
      const key = [a, b].sort().join('\t');
      if (LEFT_OUT_BY_HAND.has(key)) continue;
      if (!pairs.has(key)) pairs.set(key, new Set());
      pairs.get(key)!.add(sources ? `${field} (${sources})` : field);
    }
  }
  return [...pairs].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([key, fields]) => `${key}\t# ${[...fields].sort().join('; ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const hkGlyph = process.argv.includes('--hk-glyph');
  const file = process.argv.slice(2).find((arg) => arg !== '--hk-glyph');
  if (!file) {
    console.error('usage: node dist/bench/accuracy-variants.js [--hk-glyph] PATH/Unihan_Variants.txt');
    process.exit(2);
  }
  for (const line of await unihanVariantLines(readFileSync(file, 'utf8'), hkGlyph)) console.log(line);
}
