/** detect(): the seed article, the corpus, variants and invariants. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convert, detect } from '../../src/node/index.js';
import { corpusFiles, corpusFolder, corpusPresent, fixture } from '../engine/helpers.js';

const article = fixture('article.txt');

describe('detect on the seed article', () => {
  const result = detect(article);

  it('is Traditional overall, in Taiwan or Hong Kong style rather than OpenCC’s', () => {
    expect(result.script).toBe('traditional');
    expect(result.confidence).toBeGreaterThan(0.9);
    expect(['tw', 'hk']).toContain(result.variant);
    expect(result.counts.han).toBe(result.counts.simplified + result.counts.traditional + result.counts.common);
  });

  it('lists the simplified leftovers as outliers', () => {
    const chars = new Set(result.outliers.map((o) => o.char));
    for (const c of '干并里于么后范采涌注制系') expect(chars.has(c)).toBe(true);
    for (const o of result.outliers) {
      expect(article.slice(o.index, o.index + o.char.length)).toBe(o.char);
      expect(o.script).toBe('simplified');
    }
    // The valid Traditional words a round trip would change are not outliers.
    expect(result.outliers.some((o) => article.startsWith('了解', o.index))).toBe(false);
  });

  it('classifies the spam line as Simplified and the body as Traditional', () => {
    const lines = article.split('\n');
    const spam = lines.findIndex((l) => l.includes('国产'));
    expect(result.lines[spam]).toMatchObject({ line: spam + 1, script: 'simplified' });
    expect(result.lines.filter((l) => l.script === 'simplified')).toHaveLength(1);
    const body = lines.findIndex((l) => l.includes('區委書記牛穎建因為'));
    expect(result.lines[body]!.script).toBe('traditional');
  });
});

describe('scripts and variants', () => {
  const sample = fixture('sample-data3185k.txt');

  it('tells each script and standard apart', () => {
    expect(detect(sample)).toMatchObject({ script: 'simplified' });
    expect(detect(sample).variant).toBeUndefined();
    expect(detect(convert(sample, 's2tw'))).toMatchObject({ script: 'traditional', variant: 'tw' });
    expect(detect(convert(sample, 's2hk'))).toMatchObject({ script: 'traditional', variant: 'hk' });
    expect(detect(convert(sample, 's2t'))).toMatchObject({ script: 'traditional', variant: 't' });
  });

  it('says none without Han, ambiguous when every character is common, mixed for half and half', () => {
    expect(detect('plain ASCII, 123 😀')).toMatchObject({ script: 'none', outliers: [] });
    expect(detect('中文的人口')).toMatchObject({ script: 'ambiguous' });
    const mixed = detect('这些简体字们说话。這些繁體字們說話。');
    expect(mixed.script).toBe('mixed');
    expect(mixed.outliers.length).toBeGreaterThan(0);
  });

  describe.skipIf(!corpusPresent)('each corpus file has the script its README states', () => {
    const readme = corpusPresent ? readFileSync(`${corpusFolder}/README.md`, 'utf8') : '';
    const stated = new Map([...readme.matchAll(/^\| (\S+\.txt) \| (Simplified|Traditional)/gm)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
    it('the README states all four', () => expect(stated.size).toBe(4));
    it.each(corpusFiles())('$name', ({ name, text }) => {
      expect(detect(text).script).toBe(stated.get(name));
    });
  });
});

describe('invariants', () => {
  const text = fc.array(fc.constantFrom(...'这這们們的说說了后後abc \n\r😀', '\ud800', '⿰木林'), { maxLength: 60 }).map((p) => p.join(''));
  it('never throws; lines cover the text; outliers point at their characters', () => {
    fc.assert(fc.property(text, (input) => {
      const result = detect(input);
      expect(result.lines).toHaveLength(input.split(/\r\n|\n|\r/).length);
      for (const o of result.outliers) expect(input.slice(o.index, o.index + o.char.length)).toBe(o.char);
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
    }), { numRuns: 300 });
  });
});
