/**
 * Nested list items read without micromark (markdown-blocks.ts: scanBlocks): items under items, their paragraphs'
 * continuation and lazy lines, paragraphs in an item after a blank line, the next item of an outer list, mixed with
 * what may look like them or interrupt them (other markers, ordered items not starting at 1, indented code, fences,
 * quotes, headings, thematic breaks, tables and pipes in text, tabs, definitions, CRLF). Random documents against micromark's reading
 * of the whole (extractMarkdown with `plain` off): the paragraphs found and the conversion, whole and streamed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertSource } from '../../src/formats/driver.js';
import { DEFAULT_LIMITS, type Extraction, type ExtractOptions, type Paragraph } from '../../src/formats/format.js';
import { scanBlocks } from '../../src/formats/markdown-blocks.js';
import { OK } from '../../src/formats/markdown-inline.js';
import { extractMarkdownDocument, markdownStream } from '../../src/formats/markdown-stream.js';
import { extractMarkdown } from '../../src/formats/markdown.js';
import { convert } from '../../src/node/index.js';
import { outcome, pushInChunks } from './helpers.js';

const options: ExtractOptions = { limits: DEFAULT_LIMITS, retag: null, fonts: null };
const converter = { convert: (text: string) => convert(text, 's2twp') };
const micromark = (source: string) => extractMarkdown(source, options, Number.MAX_SAFE_INTEGER, false);
/** An extraction's paragraphs (their segments, in any order) and edits. */
const found = (extraction: Extraction) => ({
  paragraphs: extraction.paragraphs.map((p) => JSON.stringify(p.segments)).sort(),
  edits: extraction.edits,
});
/** The texts our scan reads (null when it leaves the section to micromark). */
function scanned(source: string): string[][] | null {
  const out: Paragraph[] = [];
  if (scanBlocks(source, 0, source.length, out, source.includes(']:')) !== OK) return null;
  return out.map((p) => p.segments.map((s) => ('context' in s ? s.context : source.slice(s.start, s.end))));
}

const words = fc.constantFrom('汉字后来', '这里的干部', '软件', 'a', '头发，软件。', '(括号)', '`代码`', '**强调**', '[链接](http://x/)',
  '2020 年', '"引号"', '![图](y.png)', '*', '_汉_', '\\- 后', '1986.', '汉  ', '后\\', '[标签]',
  // Pipes in text: a table only with a delimiter row after the line.
  '汉 | 后', '{string|Buffer} 软件', '| 表 |', '后 \\| 来', '`a|b` 汉', '[链|接](http://x/)',
  // Numbers that start no ordered item.
  '8.9, 后', '127.0.0.1 汉', '1.5 倍', '2019.10 版');
const markers = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('- ', '* ', '+ ', '1. ', '2. ', '1) ') },
  { weight: 1, arbitrary: fc.constantFrom('10. ', '01. ', '-  ', '-   ', '-    ', '-     ', '-\t', '1.  ', '3) ') });
const indents = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('', '', ' ', '  ', '  ', '   ', '    ', '     ', '      ') },
  { weight: 1, arbitrary: fc.constantFrom('\t', '  \t', '        ', '          ') });
const lines = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(indents, markers, words).map(([i, m, w]) => i + m + w) },
  { weight: 5, arbitrary: fc.tuple(indents, words).map(([i, w]) => i + w) },
  { weight: 3, arbitrary: fc.constantFrom('', '  ', '\r') },
  {
    weight: 1, arbitrary: fc.tuple(indents, fc.constantFrom('```', '~~~', '> 引', '# 标', '---', '***', '* * *', '- - -', '===', '<div>',
      '<!-- 注 -->', '| 汉 | 后 |', '|---|---|', '--|--', '[标签]: /x', '[^注]: 后', '- [ ] 任务', '- [x] 完成', '-', '1.', '*', '汉\r',
      '- > 引', '- # 标', '- ```', '1. - 二', '- - 后', '2) 二', '<b>粗</b>',
      '|-|-|', '-|-', ':-:', '--- | ---', '| :-- |')).map(([i, t]) => i + t),
  },
);
const documents = fc.tuple(fc.array(lines, { minLength: 1, maxLength: 10 }), fc.boolean()).map(([l, crlf]) => {
  const text = l.join('\n') + '\n';
  return crlf ? text.replaceAll('\n', '\r\n') : text;
});

describe('nested list items read without micromark', () => {
  it('the whole document gives micromark\'s paragraphs and conversion', () => {
    fc.assert(fc.property(documents, (source) => {
      expect(outcome(() => found(extractMarkdownDocument(source, options)))).toEqual(outcome(() => found(micromark(source))));
      expect(outcome(() => convertSource(source, extractMarkdownDocument(source, options), converter)))
        .toBe(outcome(() => convertSource(source, micromark(source), converter)));
    }), { numRuns: 1500, interruptAfterTimeLimit: 20_000 });
  });

  it('the stream gives the same, however the input is cut', () => {
    fc.assert(fc.property(documents, fc.array(fc.nat(200), { maxLength: 5 }), (source, cuts) => {
      expect(outcome(() => pushInChunks(markdownStream(converter, options), source, cuts)))
        .toBe(outcome(() => convertSource(source, micromark(source), converter)));
    }), { numRuns: 500, interruptAfterTimeLimit: 10_000 });
  });

  it('items under items, continuation and lazy lines, paragraphs after a blank line, the next item of an outer list', () => {
    const source = '* 汉字\n  * 后来\n    续行\n懒行\n\n  段落\n\n* 软件\n - 头发\n   1. 干部\n   1. 这里\n';
    expect(scanned(source)).toEqual([['汉字'], ['后来\n    续行\n懒行'], ['段落'], ['软件'], ['头发'], ['干部'], ['这里']]);
    expect(found(extractMarkdownDocument(source, options))).toEqual(found(micromark(source)));
    expect(convertSource(source, extractMarkdownDocument(source, options), converter))
      .toBe('* 漢字\n  * 後來\n    續行\n懶行\n\n  段落\n\n* 軟體\n - 頭髮\n   1. 幹部\n   1. 這裡\n');
    // A line of spaces is blank; one at column 0 after a blank line ends the lists.
    expect(scanned('* 汉\n  * 后\n  \n  来\n\n软件\n')).toEqual([['汉'], ['后'], ['来'], ['软件']]);
  });

  it('items indented 1–3 spaces, or with up to 4 spaces after the marker; numbers with no space after their `.`', () => {
    const source = ' - 汉字\n -   后来\n     续行\n\n1.5 倍，127.0.0.1\n## 2019.10 版\n';
    expect(scanned(source)).toEqual([['汉字'], ['后来\n     续行'], ['1.5 倍，127.0.0.1'], ['2019.10 版']]);
    expect(found(extractMarkdownDocument(source, options))).toEqual(found(micromark(source)));
  });

  it('a pipe is text, but for a table: its delimiter row (after the line that is its head) is left to micromark', () => {
    const source = '* `data` {string|Buffer} 汉字\n  * 后来 | 软件\n\n这个 | 那个\n';
    expect(scanned(source)).toEqual([[' {string|Buffer} 汉字'], ['后来 | 软件'], ['这个 | 那个']]);
    expect(found(extractMarkdownDocument(source, options))).toEqual(found(micromark(source)));
    for (const table of ['汉\n|---|\n', '- 汉\n  |---|\n', '- 汉 | 后\n  :-|-:\n', '> 汉|后\n> --|--\n', '| 汉 | 后 |\n|---|\n', '段落\n汉 | 后\n-|-\n']) {
      expect(scanned(table)).toBeNull();
      expect(found(extractMarkdownDocument(table, options))).toEqual(found(micromark(table)));
    }
    expect(scanned('汉 | 后\n-|-\n')).toEqual([['汉'], ['后']]); // a table, read as one
  });

  it('counterexamples the properties found: an empty quote ends the lists; a link with an empty title; CRLF; a lone CR', () => {
    for (const source of ['- **强调**\n>\n    汉字后来\n**强调**\n\n> **强调**\n\n', '汉[x](x "")', '汉字后来\r\n**强调**\r\n',
      '- 汉字后来\r\n\r\n\r\r\n     - 汉字后来\r\n- 汉字后来\r\n', '- `代码`\n        汉字后来\n\n',
      // (found on the Node.js changelogs) the last paragraph of a block of over 100 delimiter runs, ended by a blank
      // line, is read masked as the rest of its block
      '- 汉 **字** 后\n'.repeat(60) + '\n段落\n', '汉 **字** 后\n'.repeat(60) + '\n段落\n']) {
      expect(found(extractMarkdownDocument(source, options))).toEqual(found(micromark(source)));
    }
  });

  it('a comment indented past its item\'s column is left to micromark (the spaces before it are the HTML block\'s text; fast-check counterexample)', () => {
    const source = '- 汉字后来\n     <!-- 注 -->\n10. 汉字后来\n';
    expect(scanned(source)).toBeNull();
    expect(found(extractMarkdownDocument(source, options))).toEqual(found(micromark(source)));
  });

  it('leaves to micromark what it does not read: code, quotes, headings in items, other ordered lists', () => {
    for (const other of [
      '* 汉\n\n      代码\n', // indented code in an item
      '* 汉\n  ```\n  后\n', // a fence in an item open to the end (markdown-blocks-html.test.ts reads closed ones)
      '* 汉\n  > 引\n', '* 汉\n  # 标\n', '* 汉\n  ---\n', // a quote, a heading, a setext underline
      '1. 汉\n   2. 后\n', // an ordered list not starting at 1 cannot interrupt the paragraph: a lazy line
      '-     汉\n', // indented code as an item's content
      '* 汉\n  * [ ] 任务\n', '* 汉\n\t* 后\n', '* 汉\n  *\n', // a task item, a tab, an empty item
      '* 汉\n\n [标签]: /x\n', // a definition
    ]) {
      expect(scanned(other)).toBeNull();
      expect(found(extractMarkdownDocument(other, options))).toEqual(found(micromark(other)));
    }
  });
});
