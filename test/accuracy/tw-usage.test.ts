/**
 * The reader of libchewing's phrase frequencies (src/bench/accuracy-taiwan-usage.ts), with which the Taiwan layer's
 * comments cite Taiwan usage: checked on a dictionary made here in the same layout (8-byte tree nodes, phrases by
 * offset), so that a cited count is the count the package holds.
 */
import { describe, expect, it } from 'vitest';
import { chewingFrequencies } from '../../src/bench/accuracy-taiwan-usage.js';

/** A dictionary.dat of NUL-terminated phrases and an index_tree.dat whose leaves point into it. */
function chewingFiles(nodes: [key: number, offsetOrBegin: number, frequencyOrEnd: number][], phrases: string[]) {
  const dictionary = new TextEncoder().encode(phrases.map((p) => `${p}\0`).join(''));
  const tree = new Uint8Array(nodes.length * 8);
  nodes.forEach(([key, a, b], i) => {
    const at = i * 8;
    tree[at] = key & 0xff;
    tree[at + 1] = key >> 8;
    for (let k = 0; k < 3; k++) {
      tree[at + 2 + k] = (a >> (8 * k)) & 0xff;
      tree[at + 5 + k] = (b >> (8 * k)) & 0xff;
    }
  });
  return { dictionary, tree };
}

describe('chewingFrequencies', () => {
  it('reads the phrases of the leaves with their frequencies, by byte offset', () => {
    const phrases = ['挨打', '捱打', '岩石'];
    const offset = (i: number) => new TextEncoder().encode(phrases.slice(0, i).map((p) => `${p}\0`).join('')).length;
    const { dictionary, tree } = chewingFiles([
      [0x1234, 1, 3], // an inner node (a phone key): not a phrase
      [0, offset(0), 27],
      [0, offset(1), 3],
      [0, offset(2), 638],
      [0, offset(2), 4], // the same phrase under another reading: the highest frequency is kept
      [0, 1 << 20, 9], // an offset past the end is ignored
    ], phrases);
    expect([...chewingFrequencies(dictionary, tree)]).toEqual([['挨打', 27], ['捱打', 3], ['岩石', 638]]);
  });

  it('reads frequencies of more than 16 bits', () => {
    const { dictionary, tree } = chewingFiles([[0, 0, 74_537]], ['我們']);
    expect(chewingFrequencies(dictionary, tree).get('我們')).toBe(74_537);
  });
});
