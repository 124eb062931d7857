/**
 * With corrections off, fanjian is byte-identical to opencc-js 1.4.2 for every configuration: on the committed
 * samples always, and on every file of the shared corpus when that folder is present.
 */
import { describe, expect, it } from 'vitest';
import { CONFIG_NAMES, createConverter } from '../../src/node/index.js';
import { corpusFiles, corpusPresent, fixture, openccJs } from './helpers.js';

/** "" when equal, else where the first difference is, with context (multi-MB diffs are unreadable). */
export function firstDifference(actual: string, expected: string): string {
  if (actual === expected) return '';
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 10), i + 20));
  return `differs at ${i}: got ${around(actual)}, expected ${around(expected)}`;
}

const samples = ['sample-data3185k.txt', 'sample-data689k.txt', 'sample-gutenberg-25328.txt', 'sample-zuozhuan.txt',
  'edge-cases.txt', 'article.txt'].map((name) => ({ name, text: fixture(name) }));

describe.each(CONFIG_NAMES)('%s with corrections: false equals opencc-js', (config) => {
  const ours = createConverter(config, { corrections: false });
  it.each(samples)('on the committed $name', ({ text }) => {
    expect(firstDifference(ours.convert(text), openccJs(config)(text))).toBe('');
  });
  describe.skipIf(!corpusPresent)('on the shared corpus', () => {
    it.each(corpusFiles())('$name', ({ text }) => {
      expect(firstDifference(ours.convert(text), openccJs(config)(text))).toBe('');
    });
  });
});
