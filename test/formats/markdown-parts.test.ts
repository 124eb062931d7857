/**
 * Large Markdown is parsed in parts (markdown-limits.ts: markdownCuts) so that micromark's cost stays linear; a
 * part must parse as it does inside the whole document. Checked by extracting with parts as small as possible (a
 * cut at every allowed place) against the whole, on random documents and on the constructs that hold blank lines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/formats/format.js';
import { bracketDepth, markdownCuts, maskBrackets, MAX_OPEN_BRACKETS } from '../../src/formats/markdown-limits.js';
import { extractMarkdown } from '../../src/formats/markdown.js';
import { convertDocument } from '../../src/node/documents.js';

const s2t = (format: 'markdown') => ({ format, config: 's2t' as const });
const options = { limits: DEFAULT_LIMITS, retag: null, fonts: null };
const whole = (source: string) => extractMarkdown(source, options, Number.MAX_SAFE_INTEGER);
const inParts = (source: string) => extractMarkdown(source, options, 1);

const blocks = fc.constantFrom(
  '汉字后来', '# 标题', '- 列表\n- 项目', '  - 缩进', '1. 第一\n\n2. 第二', '> 引用\n> 后来', '```\n代码\n\n后来\n```', '~~~~\n汉\n\n~~~\n后\n~~~~',
  '<!--\n注释\n\n后来\n-->', '<pre>\n汉\n\n后\n</pre>', '<div>\n汉字\n</div>', '    缩进代码\n\n    后来', '[链接][参考]', '[参考]',
  '[参考]: https://汉.com "标题"', '> [引]: https://x.y\n> 引用', '- [项]: https://x.y', '[引用][引] [项]', '[^注]', '[^注]: 注释文字', '![图][参考]', '| a | 汉 |\n|---|---|\n| 后 | 来 |', '**强调\n后来**',
  '---\ntitle: 标题\n---', 'text\n===', '<script>\nvar 汉 = 1;\n\nvar 后 = 2;\n</script>', '- 项目\n\n  后续段落', '\\[未闭',
);
const markdown = fc.array(fc.tuple(blocks, fc.constantFrom('\n', '\n\n', '\n\n\n', '\n \n')), { maxLength: 14 })
  .map((parts) => parts.map(([block, gap]) => block + gap).join(''));

describe('Markdown parsed in parts', () => {
  it('extracts what the whole document gives, cut at every allowed place', () => {
    fc.assert(fc.property(markdown, (source) => {
      expect(inParts(source)).toEqual(whole(source));
    }), { numRuns: 300 });
  });

  it('a footnote used beside a reference of another part does not swallow that reference (fast-check counterexample)', () => {
    const source = '- [项]: https://x.y\n汉字后来\n \n[^注]\n[引用][引] [项]\n\n[^注]: 注释文字\n';
    expect(inParts(source)).toEqual(whole(source));
  });

  it('cuts only between top-level blocks: never inside fences, HTML blocks, front matter or list items', () => {
    const source = '---\na: 1\n\nb: 2\n---\n\n段一\n\n```\n代码\n\n代码\n```\n\n- 项\n\n  续\n\n<!--\n\n-->\n\n段二\n';
    const starts = markdownCuts(source, 1).map((at) => source.slice(at, at + 3));
    expect(starts).toEqual(['段一\n', '```', '- 项', '<!-', '段二\n']);
  });

  it('a reference defined in another part still resolves: its label converts as its definition\'s does', () => {
    const source = '[链接][参考]\n\n' + '汉字后来。\n\n'.repeat(3) + '[参考]: https://example.com\n';
    expect(markdownCuts(source, 1).length).toBe(4);
    expect(inParts(source)).toEqual(whole(source));
    expect(convertDocument(source, s2t('markdown'))).toBe(source.replace('链接', '鏈接').replaceAll('参考', '參考').replaceAll('汉字后来', '漢字後來'));
  });

  it('a large document is cut into parts of about the part size (linear: each part is parsed once)', () => {
    const source = '汉字后来的发展，这里[并没有](https://x.y/z)于是。\n\n'.repeat(40_000);
    const cuts = markdownCuts(source);
    expect(cuts.length).toBeGreaterThan(source.length / (300 * 1024));
    for (let i = 1; i < cuts.length; i++) expect(cuts[i]! - cuts[i - 1]!).toBeLessThan(300 * 1024);
  });
});

describe('Markdown brackets', () => {
  it('unclosed [ beyond the limit are read as characters; closed ones and escapes stay as they are', () => {
    const open = '['.repeat(MAX_OPEN_BRACKETS + 1);
    const source = `${open}[链接](u) \\[ [a]\n\n[b]`;
    const masked = maskBrackets(source);
    expect(masked.length).toBe(source.length);
    expect(masked).toBe(`${'x'.repeat(MAX_OPEN_BRACKETS + 1)}[链接](u) \\[ [a]\n\n[b]`);
    expect(bracketDepth(masked)).toBe(1);
    // Under the limit nothing is masked.
    expect(maskBrackets('[[[a')).toBe('[[[a');
  });

  it('1,000,000 open brackets convert, the link after them kept as a link (its URL is not converted)', () => {
    const source = '['.repeat(1_000_000) + '后 [汉](https://后.com)';
    expect(convertDocument(source, s2t('markdown'))).toBe('['.repeat(1_000_000) + '後 [漢](https://后.com)');
  }, 60_000);
});
