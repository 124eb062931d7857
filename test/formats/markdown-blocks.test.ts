/**
 * The block layer read without micromark (markdown-blocks.ts: scanBlocks) on the blocks of technical documents:
 * fenced and indented code (nothing converted), setext headings, thematic breaks, hard breaks and link titles,
 * mixed with what may look like them or interrupt them (lists, quotes, lazy lines, tabs, CRLF, unclosed fences).
 * Random documents against micromark's reading of the whole (extractMarkdown with `plain` off), through the
 * section-by-section reading and the stream; then one example per construct, checked by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertSource } from '../../src/formats/driver.js';
import { DEFAULT_LIMITS, type ExtractOptions, type Paragraph } from '../../src/formats/format.js';
import { scanBlocks } from '../../src/formats/markdown-blocks.js';
import { OK } from '../../src/formats/markdown-inline.js';
import { extractMarkdownDocument, markdownStream } from '../../src/formats/markdown-stream.js';
import { extractMarkdown } from '../../src/formats/markdown.js';
import { convert } from '../../src/node/index.js';
import { outcome, pushInChunks } from './helpers.js';

const options: ExtractOptions = { limits: DEFAULT_LIMITS, retag: null, fonts: null };
const converter = { convert: (text: string) => convert(text, 's2twp') };
const reference = (source: string) => convertSource(source, extractMarkdown(source, options, Number.MAX_SAFE_INTEGER, false), converter);
const whole = (source: string) => convertSource(source, extractMarkdownDocument(source, options), converter);
const streamed = (source: string, cuts: readonly number[]) => pushInChunks(markdownStream(converter, options), source, cuts);
/** The texts our scan reads (null when it leaves the section to micromark). */
function scanned(source: string): string[][] | null {
  const out: Paragraph[] = [];
  if (scanBlocks(source, 0, source.length, out, false) !== OK) return null;
  return out.map((p) => p.segments.map((s) => ('context' in s ? s.context : source.slice(s.start, s.end))));
}

const words = fc.constantFrom('汉字后来', '这里的干部', '软件', 'a', '价格 100 元', '头发，软件。');
const inline = fc.array(fc.oneof(words, fc.constantFrom('**强调**', '*', '`代码`', '[链接](http://x/)', '[链接](http://x/ "标题")',
  "![图](y.png '说明')", '[链](x (后))', '  ', '\\', ' ', '#', '_', '<b>',
  ' https://x.cn/后 ', ' http://x.cn/a/', ' www.x.cn ', ' www.x.cn/a.', ' @user', 'a@b.cn', 'http://x.cn')), { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
const lines = fc.oneof(
  inline, inline, inline.map((w) => `# ${w}`), inline.map((w) => `- ${w}`), inline.map((w) => `1. ${w}`), inline.map((w) => `> ${w}`),
  inline.map((w) => `    ${w}`), inline.map((w) => `${w}  `), inline.map((w) => `${w}\\`), inline.map((w) => `  ${w}`), inline.map((w) => `   ${w}`),
  fc.constantFrom('```', '```js', '``` 汉 后', '```a`b', '````', '~~~', '~~~~ 后', '   ```', '  ~~~', '    ```', '```   ', '``` \r', '\t```',
    '===', '=== ', '= =', '---', '--- ', '-', '--', '- - -', '***', '* * *', '___', '_ _', '**', '  ---', '    ---', '-\t-\t-',
    '    代码', '\t代码', '   代码', '>', '> ```', '- ```', '  - 后', '2) 二', '[标签]: /x', '<div>', '\\', '',
    // Tables.
    '| 汉 | 后 |', '|---|---|', '| :-: | --: |', '| 表 |', '汉 | 后', '--|--', '|-|', '| `代|码` | \\| 后 |', '| 后 \\\\| 来 |', '|', '||',
    '| **粗|体** | [链接](x) |', '|---|', '  | 后 |', '| 汉\t|',
    // Delimiter runs: two such lines make a block that micromark is given masked (over 100 runs).
    '*汉_'.repeat(30), '- **后** ~~来~~ _汉_ '.repeat(8), '> *汉*'.repeat(20),
    // HTML comments.
    '<!--', '-->', '<!-- 注释 -->', '<!-- a --> 后', '<!-->', '<!--->', '注释 -->', '<!-- x --!> 后', '<!-- YAML\nadded: v1\n-->', ' <!-- 后 -->',
    // Lines that may continue a list item.
    '- [ ] 任务', '- [x]', '- [X] 完成', '- [链接](http://x/) 后', '- [标签]', '1. [x] 后', '- [ ]',
    '  后来', '   续行', ' 续', '  * 嵌套', '  1. 嵌套', '  ```', '  > 引', '  # 标', '3. 三', '1) 一', '+ 加', '-   宽'),
  inline.map((w) => `  ${w}`), inline.map((w) => `- ${w}`),
  inline.map((w) => `| ${w} | ${w} |`), inline.map((w) => `${w} | 汉`),
);
const block = fc.array(lines, { minLength: 1, maxLength: 5 }).map((l) => l.join('\n'));
const documents = fc.tuple(fc.array(fc.tuple(block, fc.constantFrom('\n\n', '\n', '\n\n\n', '\n \n', '\n    \n')), { minLength: 1, maxLength: 10 }),
  fc.boolean()).map(([parts, crlf]) => {
  const text = parts.map(([b, gap]) => b + gap).join('');
  return crlf ? text.replaceAll('\n', '\r\n') : text;
});

describe('technical Markdown blocks read without micromark', () => {
  it('the whole document gives micromark\'s conversion', () => {
    fc.assert(fc.property(documents, (source) => {
      expect(outcome(() => whole(source))).toBe(outcome(() => reference(source)));
    }), { numRuns: 1500, interruptAfterTimeLimit: 30_000 });
  });

  it('the stream gives the same, however the input is cut', () => {
    fc.assert(fc.property(documents, fc.array(fc.nat(300), { maxLength: 6 }), (source, cuts) => {
      expect(outcome(() => streamed(source, cuts))).toBe(outcome(() => reference(source)));
    }), { numRuns: 700, interruptAfterTimeLimit: 20_000 });
  });

  it('fenced code: nothing in it converted, its info string neither; closed by a fence as long, or open to the end', () => {
    const source = '汉字\n```js 后来\nconst 汉 = "后";\n``\n~~~\n```\n后来\n\n~~~~\n代码\n~~~\n后\n';
    expect(scanned(source)).toEqual([['汉字'], ['后来']]);
    expect(whole(source)).toBe(reference(source));
    expect(whole(source)).toBe('漢字\n```js 后来\nconst 汉 = "后";\n``\n~~~\n```\n後來\n\n~~~~\n代码\n~~~\n后\n');
    // Indented up to 3 spaces, CRLF; a backtick in a backtick fence's info string makes it no fence (micromark's).
    expect(scanned('   ```\r\n汉\r\n  ```\r\n后\r\n')).toEqual([['后']]);
    expect(scanned('```a`b\n汉\n')).toBeNull();
    // In a list item: read (markdown-blocks-html.test.ts); in a quote: left to micromark.
    expect(scanned('- 项\n\n  ```\n  汉\n  ```\n')).toEqual([['项']]);
    expect(scanned('> ```\n> 汉\n')).toBeNull();
  });

  it('indented code is not converted and cannot interrupt a paragraph', () => {
    expect(scanned('# 标题\n    代码 汉\n\n    后\n段落\n')).toEqual([['标题'], ['段落']]);
    expect(scanned('段落\n    续行\n')).toBeNull();
    const source = '段落\n\n    代码 汉\n\n\n    后\n段落\n';
    expect(whole(source)).toBe(reference(source));
    expect(whole(source)).toBe('段落\n\n    代码 汉\n\n\n    后\n段落\n'.replace(/段落/g, '段落'));
  });

  it('setext headings and thematic breaks: the heading\'s text is its paragraph\'s', () => {
    expect(scanned('标题一\n续\n===\n标题二\n---\n***\n后来\n- - -\n')).toEqual([['标题一\n续'], ['标题二'], ['后来']]);
    expect(scanned('===\n')).toBeNull(); // text, not an underline
    expect(scanned('---\ntitle: 后\n---\n')).toBeNull(); // front matter
    expect(whole('后来\n-\n\n汉\n==\n')).toBe('後來\n-\n\n漢\n==\n');
  });

  it('hard breaks: the text reads across them, trailing spaces of a paragraph are not in it', () => {
    expect(scanned('汉字  \n后来\\\n发  ')).toEqual([['汉字', '\n', '后来', '\n', '发']]);
    expect(scanned('汉 \n后')).toEqual([['汉 \n后']]); // one space is no break
    expect(scanned('汉\\\n\\\n后')).toEqual([['汉', '\n', '\n', '后']]);
    expect(scanned('# 标题\\')).toEqual([['标题\\']]);
    expect(scanned('# 标题 #  ')).toBeNull(); // a closing sequence (left to micromark)
  });

  it('link and image titles are converted alone; unusual ones are left to micromark', () => {
    expect(scanned('见[链接](http://x/ "标题")和![图](y.png \'说明\')。')).toEqual([['见', '链接', '和'], ['。'], ['图'], ['标题'], ['说明']]);
    const source = '见[链接](http://x/ (标题) )后。\n';
    expect(whole(source)).toBe(reference(source));
    expect(whole(source)).toBe('見[連結](http://x/ (標題) )後。\n');
    // Brackets around a link that make no image (no definition): the link's title is still converted (found by the property).
    const plain = '> ![[链接](http://x/ "标题")]\n汉字  \n\n';
    expect(whole(plain)).toBe(reference(plain));
    for (const other of ['[a](x "\\"")', '[a](x "&amp;")', '[a](x ")")', '[a](x "后"\n)', '[a](x "a" b)']) expect(scanned(other)).toBeNull();
  });

  it('tables: each cell a text of its own, escaped pipes kept, a pipe in a code span still splits (as GFM reads it)', () => {
    const source = '| 汉字 | **后来** |\n|:---|--:|\n| 软件 \\| 头发 | `代|码` |\n后来 | 汉 | 多余\n\n段落\n';
    expect(scanned(source)).toEqual([['汉字'], ['后来'], ['软件 \\| 头发'], ['`代'], ['码`'], ['后来'], ['汉'], ['多余'], ['段落']]);
    expect(whole(source)).toBe(reference(source));
    // A delimiter row of another number of cells: no table (text, left to micromark); a table after a paragraph line,
    // or ended by another block, too.
    expect(scanned('| 汉 | 后 |\n|---|\n')).toBeNull();
    expect(scanned('段落\n| 汉 |\n|---|\n')).toBeNull();
    expect(scanned('| 汉 |\n|---|\n# 标题\n')).toBeNull();
    expect(scanned('| 汉 |\n|---|\n\n# 标题\n')).toEqual([['汉'], ['标题']]);
  });

  it('HTML comment blocks: nothing in them converted; text after their end, or an unclosed one, left to micromark', () => {
    const source = '<!-- YAML\nadded: 后来\n\n汉字 -->\n段落\n';
    expect(scanned(source)).toEqual([['段落']]);
    expect(whole(source)).toBe(reference(source));
    for (const other of ['<!-- 后 --> 汉\n', '<!-- 后\n', '<!--> 汉\n', '<!-- a --!> 汉 -->\n']) expect(scanned(other)).toBeNull();
  });

  it('a block of over 100 emphasis runs is read as micromark is given it (masked: after each line\'s first character, plain)', () => {
    const source = Array.from({ length: 60 }, (_, k) => `* \\[[\`${k}\`](https://x.cn/${k})] - **文档**: 后来的_软件_ (汉字)`).join('\n') + '\n';
    expect(scanned(source)).not.toBeNull();
    expect(whole(source)).toBe(reference(source));
    expect(whole(source)).toContain('**文件**: 後來的_軟體_'); // s2twp: 文档 → 文件, 软件 → 軟體
  });
});
