/**
 * Prints the Taiwan usage counts that the comments of dictionaries/TW*.txt cite ("chewing 挨打 27 / 捱打 3"), so that
 * anyone can check them: the phrase frequencies of libchewing 0.5.x, the Zhuyin input method of Taiwan (Debian package
 * libchewing3-data; LGPL-2.1, read here, never shipped):
 *
 *   node dist/bench/accuracy-taiwan-usage.js /usr/share/libchewing 挨打 捱打       (counts of these words)
 *   node dist/bench/accuracy-taiwan-usage.js /usr/share/libchewing --layer        (every entry of the Taiwan files:
 *                                                                                   its key, then its value)
 *
 * Without the package installed: `apt-get download libchewing3-data && dpkg-deb -x libchewing3-data_*.deb DIR`, then
 * give DIR/usr/share/libchewing. A word the dictionary does not list prints "–". Not part of any build or test run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The phrases of libchewing 0.5's dictionary with their frequencies. `index_tree.dat` is an array of 8-byte nodes: a
 * 2-byte phone key, then two 24-bit little-endian numbers; a node whose key is 0 is a phrase, and its numbers are the
 * offset of the phrase's NUL-terminated UTF-8 text in `dictionary.dat` and its frequency. A phrase listed under
 * several readings keeps its highest frequency.
 */
export function chewingFrequencies(dictionary: Uint8Array, tree: Uint8Array): Map<string, number> {
  const u24 = (at: number) => tree[at]! | (tree[at + 1]! << 8) | (tree[at + 2]! << 16);
  const decoder = new TextDecoder();
  const frequencies = new Map<string, number>();
  for (let at = 0; at + 8 <= tree.length; at += 8) {
    if (tree[at] !== 0 || tree[at + 1] !== 0) continue;
    const start = u24(at + 2), frequency = u24(at + 5);
    if (start >= dictionary.length) continue;
    let end = dictionary.indexOf(0, start);
    if (end < 0) end = dictionary.length;
    const phrase = decoder.decode(dictionary.subarray(start, end));
    frequencies.set(phrase, Math.max(frequencies.get(phrase) ?? 0, frequency));
  }
  return frequencies;
}

/** The words of the Taiwan layer files: each entry's key, then its values. */
function layerWords(): string[][] {
  const folder = fileURLToPath(new URL('../../dictionaries/', import.meta.url));
  const lines: string[][] = [];
  for (const file of ['TWVariants.txt', 'TWVariantsPhrases.txt', 'TWPhrases.txt']) {
    for (const line of readFileSync(join(folder, file), 'utf8').split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const [key, values] = line.split('\t');
      if (key && values) lines.push([key, ...values.split(' ')]);
    }
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [folder, ...words] = process.argv.slice(2);
  if (!folder || words.length === 0) {
    console.error('usage: node dist/bench/accuracy-taiwan-usage.js LIBCHEWING_FOLDER (WORD… | --layer)');
    process.exit(2);
  }
  const frequencies = chewingFrequencies(readFileSync(join(folder, 'dictionary.dat')), readFileSync(join(folder, 'index_tree.dat')));
  const count = (word: string) => `${word} ${frequencies.get(word) ?? '–'}`;
  const rows = words[0] === '--layer' ? layerWords() : words.map((word) => [word]);
  for (const row of rows) console.log(row.map(count).join(' / '));
}
