/** The seed article and its headline variants (gold files in test/fixtures/seed). */
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { fixture } from './helpers.js';

const article = fixture('article.txt');
const rows = fixture('seed/headlines.tsv')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .slice(1)
  .map((line) => {
    const [id, asPublished, hans, tw, repaired] = line.split('\t');
    return { id: id!, asPublished: asPublished!, hans: hans!, tw: tw!, repaired: repaired! };
  });

describe('seed article', () => {
  it('t2s of the article equals the checked zh-Hans gold', () => {
    expect(convert(article, 't2s')).toBe(fixture('seed/article.zh-Hans.txt'));
  });

  it('headlines.tsv has its eight rows', () => {
    expect(rows.map((r) => r.id)).toEqual([
      'title', 'headline', 'original-title', 'title-full-name', 'body-name', 'name-full', 'name-short', 'byline',
    ]);
  });

  it.each(rows)('$id: t2s gives the zh-Hans column, s2tw of that gives the zh-TW column', ({ asPublished, hans, tw }) => {
    expect(convert(asPublished, 't2s')).toBe(hans);
    expect(convert(hans, 's2tw')).toBe(tw);
  });

  it.each(['牛穎建', '牛穎', '區委書記牛穎建受到關注', '邯鄲一區委書記牛穎成“網紅”', '邯鄲一區委書記牛穎建成“網紅”'])(
    'the name in %s survives t2s → s2tw',
    (text) => {
      expect(convert(convert(text, 't2s'), 's2tw')).toBe(text);
    },
  );
});
