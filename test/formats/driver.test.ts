/**
 * The shared driver: a paragraph split by markup converts as its plain text does, every converted character lands
 * in the range it came from, and --explain positions come from the ranges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDocument, convertPieces, type TextChange, type TextDocumentFormat } from '../../src/node/documents.js';
import { convert, createConverter, repair } from '../../src/node/index.js';

function changes(source: string, format: TextDocumentFormat, config: 's2t' | 's2twp' = 's2twp'): string[] {
  const seen: TextChange[] = [];
  convertDocument(source, { format, config, onChange: (c) => seen.push(c) });
  return seen.map((c) => `${c.index}:${c.from}>${c.to}`);
}

describe('a phrase split by markup converts as in plain text', () => {
  it('(the premise: under s2twp 软件 is the phrase 軟體; converted piece by piece it would be 軟件)', () => {
    expect(convert('软件开发', 's2twp')).toBe('軟體開發');
    expect(convert('软', 's2twp') + convert('件开发', 's2twp')).toBe('軟件開發');
  });

  it.each<[TextDocumentFormat, string, string]>([
    ['html', '<p>软<b>件</b>开发</p>', '<p>軟<b>體</b>開發</p>'],
    ['xhtml', '<p>软<b>件</b>开发</p>', '<p>軟<b>體</b>開發</p>'],
    ['html', '<p><a href="/软件">软</a>件开发</p>', '<p><a href="/软件">軟</a>體開發</p>'],
    ['markdown', '软*件*开发\n', '軟*體*開發\n'],
    ['markdown', '# 软**件**开发\n', '# 軟**體**開發\n'],
    ['markdown', '| 软<b>件</b>开发 |\n|---|\n', '| 軟<b>體</b>開發 |\n|---|\n'],
    ['srt', '1\n00:00:01,000 --> 00:00:02,000\n{\\i1}软{\\i0}件开发\n', '1\n00:00:01,000 --> 00:00:02,000\n{\\i1}軟{\\i0}體開發\n'],
    ['vtt', 'WEBVTT\n\n00:01.000 --> 00:02.000\n软<i>件</i>开发\n', 'WEBVTT\n\n00:01.000 --> 00:02.000\n軟<i>體</i>開發\n'],
    ['ass', '[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,D,,0,0,0,,软{\\i1}件{\\i0}开发\n',
      '[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,D,,0,0,0,,軟{\\i1}體{\\i0}開發\n'],
  ])('%s: %s', (format, source, expected) => {
    expect(convertDocument(source, { format, config: 's2twp' })).toBe(expected);
  });

  it('one-to-many decisions see the other side of the tag (头|发 → 頭|髮, not 頭|發)', () => {
    expect(convert('发', 's2t')).toBe('發');
    expect(convertDocument('<p>头<i>发</i>很长</p>', { format: 'html', config: 's2t' })).toBe('<p>頭<i>髮</i>很長</p>');
  });

  it('a phrase whose conversion changes length goes whole into the range where it starts', () => {
    expect(convert('方便面', 's2twp')).toBe('泡麵');
    expect(convertDocument('<p>方便<i>面</i>很好</p>', { format: 'html', config: 's2twp' })).toBe('<p>泡麵<i></i>很好</p>');
    expect(convertDocument('<p>吃<i>方便</i>面</p>', { format: 'html', config: 's2twp' })).toBe('<p>吃<i>泡麵</i></p>');
  });

  it('block elements, code and images break paragraphs', () => {
    expect(convertDocument('<div>软</div><div>件</div>', { format: 'html', config: 's2twp' })).toBe('<div>軟</div><div>件</div>');
    expect(convertDocument('<p>软<code>x</code>件</p>', { format: 'html', config: 's2twp' })).toBe('<p>軟<code>x</code>件</p>');
    expect(convertDocument('<p>软<span translate="no">x</span>件</p>', { format: 'html', config: 's2twp' }))
      .toBe('<p>軟<span translate="no">x</span>件</p>');
    expect(convertDocument('软`x`件\n', { format: 'markdown', config: 's2twp' })).toBe('軟`x`件\n');
  });

  it('entities are context, never rewritten', () => {
    expect(convertDocument('<p>软&#20214;开发</p>', { format: 'html', config: 's2twp' })).toBe('<p>軟&#20214;開發</p>');
    expect(convertDocument('<p>头&amp;发</p>', { format: 'html', config: 's2t' })).toBe('<p>頭&amp;發</p>');
  });

  it('equals plain-text conversion on random split points, for every paragraph split by random inline tags', () => {
    const words = fc.constantFrom('软件', '开发', '头发', '方便面', '鼠标', '后来', '这里', '干部', '于', '𠮷', 'U盘', '了解', '计算机', ' ');
    const tags = fc.constantFrom('b', 'i', 'span', 'a', 'em');
    fc.assert(fc.property(fc.array(words, { minLength: 1, maxLength: 12 }), fc.array(fc.tuple(fc.nat(), tags), { maxLength: 6 }),
      fc.constantFrom<'s2t' | 's2twp' | 's2hk' | 't2s'>('s2t', 's2twp', 's2hk', 't2s'), (parts, cuts, config) => {
        const text = parts.join('');
        const points = [...new Set(cuts.map(([n]) => n % (text.length + 1)))].sort((a, b) => a - b)
          .filter((p) => !(p > 0 && p < text.length && /[\uDC00-\uDFFF]/.test(text[p]!)));
        let html = '<p>', at = 0;
        points.forEach((p, i) => {
          const tag = cuts[i]![1];
          html += text.slice(at, p) + `<${tag}>`;
          at = p;
          if (i === points.length - 1) html += text.slice(at) + `</${tag}>`;
        });
        if (points.length === 0) html += text;
        html += '</p>';
        const output = convertDocument(html, { format: 'html', config });
        expect(output.replace(/<[^>]*>/g, '')).toBe(convert(text, config));
      }), { numRuns: 300 });
  });
});

describe('--explain positions come from the ranges', () => {
  it('JSON {"后":"后"}: the value\'s change is at 6, not on the key', () => {
    expect(changes('{"后":"后"}', 'json', 's2t')).toEqual(['6:后>後']);
  });

  it('a phrase over markup is reported where it starts in the source', () => {
    expect(changes('<p>软<b>件</b>开发</p>', 'html')).toEqual(['3:软件开发>軟體開發']);
    expect(changes('<p title="后">后</p>', 'html', 's2t')).toEqual(['10:后>後', '13:后>後']);
  });

  it('every reported change is found in the source at its index', () => {
    const source = '# 后来\n\n后来*头发*后来 `后` [后](u "后")\n\n---\n\n后\n';
    const seen: TextChange[] = [];
    convertDocument(source, { format: 'markdown', config: 's2t', onChange: (c) => seen.push(c) });
    expect(seen.length).toBeGreaterThan(3);
    for (const change of seen) expect(source.startsWith(change.from.slice(0, 1), change.index)).toBe(true);
  });
});

describe('convertPieces (for converters without a source string, such as a live page)', () => {
  const converter = createConverter('s2twp');
  it('returns each piece converted in context, context pieces unchanged', () => {
    expect(convertPieces(['软', '件', '开发'], converter).texts).toEqual(['軟', '體', '開發']);
    expect(convertPieces(['软', '件', '开发'], converter, { writable: [true, false, true] }).texts).toEqual(['軟', '件', '開發']);
  });

  it('a plain transform of another length falls back to piece by piece; one of the same length is split one to one', () => {
    const repairTw = (text: string) => repair(text, { to: 'tw' }).text;
    const pieces = ['這里', '有干部'];
    expect(convertPieces(pieces, { convert: repairTw }).texts.join('')).toBe(repairTw(pieces.join('')));
    expect(convertPieces(['ab', 'c'], { convert: (t) => `[${t}]` }).texts).toEqual(['[ab]', '[c]']);
    expect(convertPieces(['ab', 'c'], { convert: (t) => t.toUpperCase() }).texts).toEqual(['AB', 'C']);
  });

  it('never splits a surrogate pair', () => {
    const texts = convertPieces(['a', 'b'], { convert: () => '𠮷', changes: () => ({ text: '𠮷', changes: [{ index: 0, from: 'ab', to: '𠮷' }] }) }).texts;
    expect(texts.join('')).toBe('𠮷');
    expect(texts.every((t) => t.isWellFormed())).toBe(true);
  });
});

describe('splicing edits into the source', () => {
  it('spliceEdits takes edits in any order (sorted only when they are not), refuses overlaps; applyEdits skips no-ops', async () => {
    const { applyEdits, spliceEdits } = await import('../../src/formats/splice.js');
    const source = '0123456789';
    expect(spliceEdits(source, [{ start: 1, end: 2, text: 'a' }, { start: 5, end: 7, text: 'bcd' }])).toBe('0a234bcd789');
    expect(spliceEdits(source, [{ start: 5, end: 7, text: 'bcd' }, { start: 1, end: 2, text: 'a' }])).toBe('0a234bcd789');
    expect(() => spliceEdits(source, [{ start: 1, end: 4, text: 'a' }, { start: 3, end: 5, text: 'b' }])).toThrow(/overlapping edits at 3/);
    // An edit that changes nothing does not count as an overlap for applyEdits.
    expect(applyEdits(source, [{ start: 1, end: 4, text: 'a' }, { start: 3, end: 5, text: '34' }])).toBe('0a456789');
  });
});
