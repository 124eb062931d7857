/**
 * HTML blocks read without micromark (markdown-blocks.ts: scanBlocks with htmlFlowStart): types 1 (`<pre>`,
 * `<script>`, `<style>`, `<textarea>`, up to the line holding an end tag), 6 (block-level names, up to a blank line)
 * and 7 (a line that is one complete tag, which cannot interrupt a paragraph), their text converted as HTML, as
 * markdown.ts converts an `html` node; and list items whose first text is a bracket that makes no definition (a
 * label over lines or with escapes). Mixed with what may look like them or interrupt them (indentation, paragraphs,
 * lazy lines, lists, quotes, fences, comments, tags that are no tags, tabs, CRLF): random documents against
 * micromark's reading of the whole (extractMarkdown with `plain` off), the paragraphs found and the conversion,
 * whole and streamed; then examples checked by hand.
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
/**
 * An extraction's paragraphs (their segments, in any order, without the white space at their ends) and edits, but
 * paragraphs of white space alone: mdast places the white space around tags that start lines in ways that change
 * nothing converted (a line ending before a tag in or out of the text before it), which the inline scan need not
 * follow; the conversion, checked with it, is what must be micromark's.
 */
const found = (source: string, extraction: Extraction) => ({
  paragraphs: extraction.paragraphs.map((p) => p.segments.map((s) => {
    if ('context' in s) return s.context.trim() ? s : null;
    let { start, end } = s;
    while (start < end && /\s/.test(source[start]!)) start++;
    while (end > start && /\s/.test(source[end - 1]!)) end--;
    return end > start ? { start, end } : null;
  }).filter((s) => s !== null)).filter((segments) => segments.length > 0).map((segments) => JSON.stringify(segments)).sort(),
  edits: extraction.edits,
});
const reference = (source: string) => convertSource(source, micromark(source), converter);
const whole = (source: string) => convertSource(source, extractMarkdownDocument(source, options), converter);
const streamed = (source: string, cuts: readonly number[]) => pushInChunks(markdownStream(converter, options), source, cuts);
/** The texts our scan reads (null when it leaves the section to micromark). */
function scanned(source: string): string[][] | null {
  const out: Paragraph[] = [];
  if (scanBlocks(source, 0, source.length, out, source.includes(']:'), 0, options) !== OK) return null;
  return out.map((p) => p.segments.map((s) => ('context' in s ? s.context : source.slice(s.start, s.end))));
}

const words = fc.constantFrom('汉字后来', '这里的干部', '软件', 'a', '头发，软件。', '`代码`', '**强调**', '[链接](http://x/)', '<b>粗</b>', '后\\');
const tags = fc.constantFrom(
  // Type 6: block-level names, opening or closing, with attributes or not, self-closing.
  '<div>', '<div align="center">', '</div>', '<DIV>', '<p align="center">', '<p>', '</p>', '<details>', '<summary>后来</summary>',
  '<details><summary>软件</summary>', '</details>', '<table>', '<tr><td>头发</td></tr>', '</table>', '<h1 align="center">汉字</h1>',
  '<hr>', '<hr/>', '<br/>', '<div/>', '<div/x', '<center>', '<ul>', '<li>软件</li>', '<tbody', '<section\t>',
  // Type 1.
  '<pre>', '<pre>汉字</pre>', '</pre>', '<script>', 'var 汉 = "后";</script>', '<style>', '</style>', '<textarea>后</textarea>', '<pre/>',
  '<Script type="x">', '</SCRIPT> 后来',
  // Type 7: a complete tag alone on its line (any other name), or not.
  '<a id="v1"></a>', '<a id="v1">', '</a>', '<a name=x>', '<img src="y.png" alt="图片">', '<img src="y.png" alt="图片"> 后来',
  '<span title=\'软件\'>', '<b>', '<b >', '</b >', '<x-y data-a=1 b c="d"/>', '<a b=c=d>', '<a b="c"d>', '<a "b">', '<a b=>', '<a\tb>',
  '<a b="c', '<kbd>Ctrl</kbd>', '<a b*c>', '<a data_x="1">', '<x~y>', '<div_x>', '<pre_>', '<a href="x" target="_blank">后</a>', '<p title=_*~>', '<https://x.cn/后>', '<http://a.b> 软件', '<ftp:x>', '<a href="https://x.cn/后">链接</a>', '<img src=x/>', '<a/b>', '<3 汉字', '< div>', '<1a>', '<a_b>',
  // Other starts (comments, declarations, instructions, CDATA): left to micromark.
  '<!-- 注释 -->', '<!DOCTYPE html>', '<?php 后 ?>', '<![CDATA[ 汉 ]]>', '<!x',
);
const lines = fc.oneof(
  { weight: 5, arbitrary: tags }, { weight: 3, arbitrary: words },
  { weight: 1, arbitrary: tags.map((t) => `  ${t}`) }, { weight: 1, arbitrary: tags.map((t) => `   ${t}`) },
  { weight: 1, arbitrary: tags.map((t) => `    ${t}`) }, { weight: 1, arbitrary: tags.map((t) => `\t${t}`) },
  { weight: 1, arbitrary: tags.map((t) => `- ${t}`) }, { weight: 1, arbitrary: tags.map((t) => `> ${t}`) },
  { weight: 1, arbitrary: tags.map((t) => `  - ${t}`) }, { weight: 1, arbitrary: tags.map((t) => `      ${t}`) },
  { weight: 1, arbitrary: fc.tuple(tags, words).map(([t, w]) => `${t}${w}`) },
  { weight: 1, arbitrary: words.map((w) => `- ${w}`) }, { weight: 1, arbitrary: words.map((w) => `  ${w}`) },
  {
    weight: 3, arbitrary: fc.constantFrom('# 标题', '```', '~~~', '    代码', '> 引用', '- 项目', '1. 第一', '---', '===', '', ' ', '\t', '| 汉 | 后 |',
      '|---|---|', '[标签]: /x', '[标签]', '- [软件\\] 后](http://x/)', '- [软件', '  后来](http://x/)', '- [软件 [x]', '- [a\\', '  b]: /u',
      '- [汉字]后', '  - [头发\\]', '1. [后\n   来]: /x', '<!--', '-->', 'a <b>后</b> c', '汉字 <br> 后来', '*' + '汉_*'.repeat(40), '后_*~'.repeat(40),
      // Comments in list items.
      '  <!-- 注释 -->', '  <!--', '  -->', '  后 -->', '  <!-- a --> 后', '  <!-->', '  <!-- x --!> 后', '- 项\n  <!-- eslint-disable 后 -->\n  软件',
      '- 项\n\n  <!--\n  注释\n\n  -->\n  软件', '   <!--', '    <!--',
      // Fences in list items.
      '  ```', '  ```js', '   ```', '    ```', '  ~~~', '  ````', '     ```', '  ``` a`b', '  代码 汉', '    代码 后', '\t```', '  \t```', '1. 项\n   ```\n   汉\n   ```',
      '- 项\n\n  ```\n  汉\n\n  后\n  ```\n  软件', '  - 项\n    ```\n    后\n  ```\n  头发'),
  },
);
const block = fc.array(lines, { minLength: 1, maxLength: 6 }).map((l) => l.join('\n'));
const documents = fc.tuple(fc.array(fc.tuple(block, fc.constantFrom('\n\n', '\n', '\n\n\n', '\n \n', '\n\t\n')), { minLength: 1, maxLength: 8 }),
  fc.boolean()).map(([parts, crlf]) => {
  const text = parts.map(([b, gap]) => b + gap).join('');
  return crlf ? text.replaceAll('\n', '\r\n') : text;
});

describe('HTML blocks, labels and fences in list items read without micromark', () => {
  it('the whole document gives micromark\'s paragraphs and conversion', () => {
    fc.assert(fc.property(documents, (source) => {
      expect(outcome(() => found(source, extractMarkdownDocument(source, options)))).toEqual(outcome(() => found(source, micromark(source))));
      expect(outcome(() => whole(source))).toBe(outcome(() => reference(source)));
    }), { numRuns: 1500, interruptAfterTimeLimit: 25_000 });
  });

  it('the stream gives the same, however the input is cut', () => {
    fc.assert(fc.property(documents, fc.array(fc.nat(300), { maxLength: 6 }), (source, cuts) => {
      expect(outcome(() => streamed(source, cuts))).toBe(outcome(() => reference(source)));
    }), { numRuns: 500, interruptAfterTimeLimit: 15_000 });
  });

  it('type 6: a block-level tag starts a block up to a blank line, its text converted as HTML (attributes too)', () => {
    const source = '<p align="center">\n  <img src="logo.png" alt="软件标志">\n  <b>头发</b>软件\n</p>\n\n后来\n';
    expect(scanned(source)).not.toBeNull();
    expect(whole(source)).toBe(reference(source));
    expect(whole(source)).toBe('<p align="center">\n  <img src="logo.png" alt="軟體標誌">\n  <b>頭髮</b>軟體\n</p>\n\n後來\n');
    // It interrupts a paragraph; Markdown in it is HTML text (`**` kept, `# ` not a heading).
    const interrupting = '段落\n<details><summary>软件</summary>\n# 不是标题 **后**\n\n</details>\n';
    expect(scanned(interrupting)).not.toBeNull();
    expect(whole(interrupting)).toBe(reference(interrupting));
    expect(whole(interrupting)).toBe('段落\n<details><summary>軟體</summary>\n# 不是標題 **後**\n\n</details>\n');
  });

  it('type 7: a line that is one complete tag starts a block, but not inside a paragraph, nor when more follows', () => {
    // A tag followed by more on its line: a paragraph, `## 标题` in it no heading.
    expect(whole('<a id="v1"></a>\n## 标题\n')).toBe(reference('<a id="v1"></a>\n## 标题\n'));
    const alone = '<a id="v1">\n后来\n\n<x-y data-a=1 b c="d"/>\n软件\n';
    expect(scanned(alone)).not.toBeNull();
    expect(whole(alone)).toBe(reference(alone));
    expect(whole(alone)).toBe('<a id="v1">\n後來\n\n<x-y data-a=1 b c="d"/>\n軟體\n');
    // Not inside a paragraph (the tag is inline HTML there).
    const inside = '段落\n<img alt="图片">\n软件\n';
    expect(whole(inside)).toBe(reference(inside));
    expect(whole(inside)).toBe('段落\n<img alt="圖片">\n軟體\n');
    for (const text of ['<a b=c=d>\n后\n', '<a b="c"d>\n后\n', '<1a>\n后\n', '< div>\n后\n']) expect(whole(text)).toBe(reference(text));
  });

  it('type 1: up to the line holding an end tag, blank lines and all; left to micromark when open to the end', () => {
    const source = '<pre>\n汉字\n\n  后来</PRE> 软件\n段落\n';
    expect(scanned(source)).not.toBeNull();
    expect(whole(source)).toBe(reference(source));
    expect(scanned('<script>\nvar 汉;\n')).toBeNull();
    // Comments, declarations, instructions and CDATA, quotes and items: left to micromark.
    for (const other of ['<!DOCTYPE html>\n', '<?php 后 ?>\n', '> <div>\n', '- <div>\n', '- 项\n<div>\n']) expect(scanned(other)).toBeNull();
  });

  it('a comment after an HTML block in an item, which the cuts did not follow, is read with what comes after it (fast-check counterexample)', () => {
    const source = '- [软件 [x]\n   <div>\n<!--\n\n- <div>\n\n汉字后来\n\n';
    expect(whole(source)).toBe(reference(source));
    expect(whole(source)).toBe('- [軟體 [x]\n   <div>\n<!--\n\n- <div>\n\n汉字后来\n\n');
  });

  it('in list items: autolinks and tags that start no HTML block are text; lazy lines too', () => {
    const source = '- 软件\n  <https://x.cn/后>\n<https://y.cn/>\n- <https://x.cn/> 头发\n  - 后来\n\n    <https://z.cn/> 汉\n';
    expect(scanned(source)).not.toBeNull();
    expect(whole(source)).toBe(reference(source));
    expect(whole(source)).toBe('- 軟體\n  <https://x.cn/后>\n<https://y.cn/>\n- <https://x.cn/> 頭髮\n  - 後來\n\n    <https://z.cn/> 漢\n');
    const tags = '- 软件\n<span>\n  - 后来\n\n    <x-y>\n';
    expect(whole(tags)).toBe(reference(tags));
    // On a lazy line a tag alone starts an HTML block (micromark lets type 7 interrupt there): left to micromark.
    expect(scanned('- 汉字后来\n</b >\n汉字后来\n')).toBeNull();
    expect(scanned('- 汉字\n  - 后来\n  </b >\n')).toBeNull();
    expect(scanned('- 软件\n  <div>\n')).toBeNull(); // a block-level tag interrupts the paragraph: left to micromark
  });

  it('fenced code in a list item: nothing in it converted, up to its closing fence or the end of the item', () => {
    // (4 more spaces: content; 0–3: a closing fence; fewer than the item's column: the item ends)
    const source = '- 软件\n  ```js 后\n  var 汉;\n\n      ```\n  ```\n  头发\n  - 后来\n    ~~~\n    代码\n  汉字\n- 项目\n';
    expect(scanned(source)).not.toBeNull();
    expect(whole(source)).toBe(reference(source));
    expect(whole(source)).toBe('- 軟體\n  ```js 后\n  var 汉;\n\n      ```\n  ```\n  頭髮\n  - 後來\n    ~~~\n    代码\n  漢字\n- 專案\n');
    expect(scanned('- 项\n  ```\n  汉\n')).toBeNull(); // open to the section's end: left to micromark
  });

  it('an HTML comment in a list item: nothing in it converted; one the item ends first, or text after it, left to micromark', () => {
    const source = '- 软件\n  <!-- 注释\n\n  后来 -->\n  头发\n';
    expect(scanned(source)).toEqual([['软件'], ['头发']]);
    expect(whole(source)).toBe(reference(source));
    expect(whole(source)).toBe('- 軟體\n  <!-- 注释\n\n  后来 -->\n  頭髮\n');
    for (const other of ['- 软件\n  <!-- 注释\n后来 -->\n', '- 软件\n  <!-- 注释 --> 后\n', '- 软件\n  <!-- 注释\n']) expect(scanned(other)).toBeNull();
  });

  it('in a block of over 100 emphasis runs, a line starting with < is read as micromark is given it (masked)', () => {
    const runs = '_汉_ '.repeat(60);
    for (const source of [`${runs}\n<div_x>\n后\n`, `<div_x>\n${runs}\n`, `<a b*c>\n后\n${runs}\n\n段落\n`, `<p title=_*~>\n${runs}\n`]) {
      expect(whole(source)).toBe(reference(source));
    }
  });

  it('a list item starting with a bracket that defines nothing: read here, over lines and escapes', () => {
    const source = '- [软件 后\n  来](http://x/) 头发\n- [a\n  b] 后来\n';
    expect(scanned(source)).not.toBeNull();
    expect(whole(source)).toBe(reference(source));
    expect(whole(source)).toBe('- [軟體 後\n  來](http://x/) 頭髮\n- [a\n  b] 後來\n');
    const escaped = '- [软件\\] 后\n  来](http://x/) 头发\n';
    expect(whole(escaped)).toBe(reference(escaped));
    expect(whole(escaped)).toBe('- [軟體\\] 後\n  來](http://x/) 頭髮\n');
    expect(scanned('- [a\n  b]: /u\n')).toBeNull(); // a definition in an item: left to micromark
  });
});
