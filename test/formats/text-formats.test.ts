/** Markdown, JSON, YAML and subtitles: only the human text is converted; every other byte stays. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDocument, detectFormat, type TextDocumentFormat } from '../../src/node/documents.js';
import { convert, FanjianError } from '../../src/node/index.js';
import { convertChecked, hanOutside } from './helpers.js';

describe('Markdown', () => {
  const markdown = `---
title: 标题
tags: [汉字, 头发]
---
# 标题 *强调*

- 列表 \`代码\`
  - 嵌套 \`\`汉字\`\`
    \`\`\`js
    const 汉 = "头发";
    \`\`\`

[链接](https://汉.com "标题") ![图片描述](汉.png) <https://例子.com> https://www.例子.com
<span title="头发">汉字</span> <!-- 注释 -->

| 表头 | 汉字 |
|---|---|
| 单元 | 格 |
`;

  it('converts text, image descriptions, inline HTML and front matter values', () => {
    const { pieces, output } = convertChecked(markdown, 'markdown', 's2tw');
    expect(pieces).toEqual(expect.arrayContaining(['标题 ', '强调', '列表 ', '嵌套 ', '链接', '图片描述', '头发', '汉字', '表头', '单元', '格']));
    expect(output).toContain('title: 標題\ntags: [漢字, 頭髮]');
    expect(output).toContain('[鏈接](https://汉.com "標題") ![圖片描述](汉.png)');
    expect(output).toContain('<span title="頭髮">漢字</span> <!-- 注释 -->');
  });

  it('leaves code spans and blocks (also nested in lists), URLs, autolinks, HTML comments and front matter keys', () => {
    expect(hanOutside(markdown, 'markdown')).toBe('代码汉字汉头发汉汉例子例子注释');
  });
});

describe('JSON locale files', () => {
  const json = `{
  // comments survive (JSON with comments)
  "汉字键": "汉字值",
  "greeting": "你好，{name}！你有 {count, plural, one {# 条消息} other {# 条消息}}",
  "nested": { "头发": ["头发", 42, true, null, "{{user}} 的 %s 和 %1$s 软件"] },
  "escaped": "\\u6c49\\n换行"
}
`;
  it('converts values, never keys, keeping placeholders, order, spacing and comments', () => {
    const { output } = convertChecked(json, 'json', 's2twp');
    expect(output).toBe(`{
  // comments survive (JSON with comments)
  "汉字键": "漢字值",
  "greeting": "你好，{name}！你有 {count, plural, one {# 條訊息} other {# 條訊息}}",
  "nested": { "头发": ["頭髮", 42, true, null, "{{user}} 的 %s 和 %1$s 軟體"] },
  "escaped": "\\u6c49\\n換行"
}
`);
  });

  it('reports invalid JSON with its line', () => {
    try {
      convertDocument('{\n  "a": "汉",\n  "b": \n}', { format: 'json', config: 's2t' });
      expect.unreachable();
    } catch (error) {
      expect((error as FanjianError).code).toBe('INVALID_DOCUMENT');
      expect((error as FanjianError).message).toMatch(/line 4/);
    }
  });
});

describe('YAML locale files', () => {
  const yaml = `# 注释不转换
标题: 汉字 # 行尾注释
引号: "双引号 {count} 个"
单引号: '头发'
块: |
  第一行软件
  第二行
列表:
  - 项目一
  - &a 项目二
  - *a
数字: 123
嵌套: {键: [行内, 列表]}
---
第二个文档: 后来
`;
  it('converts scalar values, never keys, comments, anchors or layout', () => {
    const { output } = convertChecked(yaml, 'yaml', 's2tw');
    expect(output).toBe(`# 注释不转换
标题: 漢字 # 行尾注释
引号: "雙引號 {count} 個"
单引号: '頭髮'
块: |
  第一行軟件
  第二行
列表:
  - 項目一
  - &a 項目二
  - *a
数字: 123
嵌套: {键: [行內, 列表]}
---
第二个文档: 後來
`);
  });

  it('reports invalid YAML', () => {
    expect(() => convertDocument('a: [1, 2\nb: "', { format: 'yaml', config: 's2t' })).toThrow(/Invalid YAML/);
  });
});

describe('subtitles', () => {
  it('SRT: dialogue only, even a Chinese line that looks like a timing; tags and override blocks kept', () => {
    const srt = `1\r\n00:00:01,000 --> 00:00:02,500\r\n{\\an8}<i>头发</i>后来\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000 X1:10\r\n00:00:05,000 --> 00:00:06,000 汉字\r\n第二行\r\n`;
    const { pieces, output } = convertChecked(srt, 'srt', 's2tw');
    expect(output).toBe(`1\r\n00:00:01,000 --> 00:00:02,500\r\n{\\an8}<i>頭髮</i>後來\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000 X1:10\r\n00:00:05,000 --> 00:00:06,000 漢字\r\n第二行\r\n`);
    expect(pieces).not.toContain('00:00:01,000 --> 00:00:02,500');
  });

  it('WebVTT: cues converted; header, NOTE, STYLE and voice tags kept', () => {
    const vtt = `WEBVTT 标题\n\nNOTE 注释汉字\n\nSTYLE\n::cue(.汉) { color: red }\n\n标识\n00:01.000 --> 00:02.000 align:start\n<v 说话人>头发 <c.汉>后来</c> <00:01.500>汉字\n`;
    const { output } = convertChecked(vtt, 'vtt', 's2tw');
    expect(output).toBe(`WEBVTT 标题\n\nNOTE 注释汉字\n\nSTYLE\n::cue(.汉) { color: red }\n\n标识\n00:01.000 --> 00:02.000 align:start\n<v 说话人>頭髮 <c.汉>後來</c> <00:01.500>漢字\n`);
  });

  it('ASS: only the Text field of Dialogue lines, override tags kept, commas in text allowed', () => {
    const ass = `[Script Info]\nTitle: 标题\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize\nStyle: 默认,黑体,20\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,默认,说话人,0,0,0,,{\\an8\\c&H00FFFF&}头发，后来\\N汉字\nComment: 0,0:00:01.00,0:00:02.00,默认,,0,0,0,,注释\n`;
    const { output } = convertChecked(ass, 'ass', 's2tw');
    expect(output).toBe(ass.replace('{\\an8\\c&H00FFFF&}头发，后来\\N汉字', '{\\an8\\c&H00FFFF&}頭髮，後來\\N漢字'));
  });
});

describe('all text formats', () => {
  it('picks the format from the file extension', () => {
    expect(detectFormat('a/b/zh-CN.json')).toBe('json');
    expect(detectFormat('Movie.SRT')).toBe('srt');
    expect(detectFormat('book.epub')).toBe('epub');
    expect(detectFormat('notes.md')).toBe('markdown');
    expect(detectFormat('README')).toBeNull();
    expect(detectFormat('x.exe')).toBeNull();
  });

  it('rejects an unknown format with UNSUPPORTED_FORMAT listing the valid ones', () => {
    try {
      convertDocument('x', { format: 'pdf' as TextDocumentFormat, config: 's2t' });
      expect.unreachable();
    } catch (error) {
      expect((error as FanjianError).code).toBe('UNSUPPORTED_FORMAT');
      expect((error as FanjianError).message).toContain('html, xhtml, markdown, json, yaml, srt, vtt, ass, epub, docx, xlsx, pptx, odt, ods, odp');
    }
  });

  it('returns documents without Han characters byte-identical', () => {
    const formats: TextDocumentFormat[] = ['text', 'html', 'markdown', 'srt', 'vtt', 'ass'];
    fc.assert(fc.property(fc.string({ unit: 'binary' }).filter((s) => !/\p{Script=Han}/u.test(s)), fc.constantFrom(...formats), (s, format) => {
      expect(convertDocument(s, { format, config: 's2twp' })).toBe(s);
    }), { numRuns: 300 });
  });

  it('plain text is whole-text conversion', () => {
    expect(convertDocument('头发', { format: 'text', config: 's2t' })).toBe(convert('头发', 's2t'));
  });
});
