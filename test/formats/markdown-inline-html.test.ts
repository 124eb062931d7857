/**
 * Raw inline HTML (open and closing tags with attributes across lines, comments, processing instructions,
 * declarations, CDATA) and e-mail autolinks read by our own inline scan (markdown-inline.ts) against the route that
 * gives every block to micromark (extractMarkdown with `plain` off): random paragraphs that mix them, and what
 * looks like them (unterminated tags and comments, `<` and `>` in odd places, quotes, line endings, e-mail-like and
 * URL-like text), with emphasis, links, code spans and CJK text. Where the scan reads a paragraph its paragraphs
 * must be micromark's; where it is unsure it gives the paragraph to micromark. Then examples checked by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertSource } from '../../src/formats/driver.js';
import { DEFAULT_LIMITS, type ExtractOptions, type Extraction, type Paragraph } from '../../src/formats/format.js';
import { scanBlocks } from '../../src/formats/markdown-blocks.js';
import { BAIL, OK, scanInline } from '../../src/formats/markdown-inline.js';
import { extractMarkdownDocument, markdownStream } from '../../src/formats/markdown-stream.js';
import { extractMarkdown } from '../../src/formats/markdown.js';
import { convert } from '../../src/node/index.js';
import { outcome, pushInChunks } from './helpers.js';

const options: ExtractOptions = { limits: DEFAULT_LIMITS, retag: null, fonts: null };
/** micromark's reading: every block parsed. */
const parsed = (source: string) => extractMarkdown(source, options, Number.MAX_SAFE_INTEGER, false);
/** An extraction in a canonical order (paragraphs come in any order). */
const canonical = ({ paragraphs, edits }: Extraction) => ({ paragraphs: paragraphs.map((p) => JSON.stringify(p.segments)).sort(), edits });
const converter = { convert: (text: string) => convert(text, 's2twp') };
const reference = (source: string) => convertSource(source, parsed(source), converter);

/** The texts the inline scan reads in a one-paragraph source (null when it leaves it to micromark). */
function scanned(source: string): string[][] | null {
  const out: Paragraph[] = [];
  if (scanBlocks(source, 0, source.length, out, false) !== OK) return null;
  return out.map((p) => p.segments.map((s) => ('context' in s ? s.context : source.slice(s.start, s.end))));
}

const text = fc.constantFrom('汉字', '后来', '软件', '头发', 'a', 'x', ' ', '  ', '，', '。', '1', '"', "'", '=', '/', '-', '--', '?', '!');
const space = fc.constantFrom(' ', '  ', '\n', ' \n', '\n ', '');
const name = fc.constantFrom('b', 'span', 'img', 'a', 'br', 'kbd', 'sup', 'div', 'B', 'x-y', 'h1', 'em', 'wbr', 'p', 'a1', 'code', 'td');
const attributeName = fc.constantFrom('src', 'alt', 'title', 'href', 'class', 'data-x', ':a', '_b', 'a.b', 'aria-label', 'x', 'ALT', 'width');
const valueText = fc.array(fc.constantFrom('汉字', '软件 后来', ' ', '\n', '<', '>', '`', '"', "'", '=', '/', 'x', '*', '_', '[', ']', '&amp;',
  'http://x.cn/a', 'a@b.cn', '-->', '?>'), { maxLength: 4 }).map((a) => a.join(''));
const value = fc.oneof(
  valueText.map((v) => `"${v}"`), valueText.map((v) => `'${v}'`), fc.constantFrom('v', '/x', 'a/b', 'x>', '汉', '1', 'a`b', 'a"b', 'a=b', '*x*'),
  valueText, // unterminated or odd
);
const attribute = fc.tuple(space, attributeName, fc.option(fc.tuple(space, space, value))).map(([s, n, v]) => s + n + (v ? `${v[0]}=${v[1]}${v[2]}` : ''));
const openTag = fc.tuple(name, fc.array(attribute, { maxLength: 3 }), space, fc.constantFrom('>', '/>', '', ' />', '\n>', '/ >', 'x>'))
  .map(([n, a, s, end]) => `<${n}${a.join('')}${s}${end}`);
const otherHtml = fc.constantFrom('</b>', '</span >', '</a\n>', '</ b>', '</b x>', '</img>', '</B>', '</b', '</x-y >', '</1>',
  '<!-- 注释 -->', '<!--', '-->', '<!-->', '<!--->', '<!-- a -- b -->', '<!--\n汉字\n-->', '<!- x ->', '<? 汉 ?>', '<?', '?>', '<??>', '<?>',
  '<!DOCTYPE 汉>', '<!x', '<!X\n>', '<![CDATA[ 汉 ]]>', '<![CDATA[', ']]>', '<!>', '<!1>', '<>', '< b>', '<1>', '<b', '<', '>', '<<b>>',
  '<a href="http://x.cn/后">', '<img src="x.png" alt="软件图">', '<span title=\'头发\'>', '<br>', '<br/>', '<kbd>Ctrl</kbd>', '<sup>1</sup>',
  '<span lang="zh-CN">', '<meta name="description" content="软件">', '<[b>', '</[b>');
const email = fc.constantFrom('<a@b.cn>', '<a.b+c@x-y.cn>', '<a@b>', '<a@-b.cn>', '<a@b-.cn>', '<@b.cn>', '<a!@b.cn>', '<a@b..cn>',
  `<a@${'x'.repeat(63)}.cn>`, `<a@${'x'.repeat(64)}.cn>`, '<a_b@c.cn>', '<汉@b.cn>', '<a@b.cn', '<a@b.cn.>', '<a@b_c.cn>', '<a@b.c n>',
  '<mailto:a@b.cn>', '<http://x.cn/后>', '<a:b c>', '<ab:c@d.e>', '<#$%&\'*+-/=?^_`{|}~@x.y>', 'a@b.cn', ' a@b.cn', ' www.x.cn', ' http://x.cn/a',
  // What may or may not be a literal autolink (mdast's reads the text with escapes and references undone).
  'npm@6', 'a@4.0.0', 'semver@5.1.0-beta', 'a@b.c1', 'a@b.cn_', 'a@b.cn.', 'a_@b.cn', '@', '@@', 'a@', '@b.cn', 'x.y@z', 'a@b\\.cn', 'a@b&#46;cn',
  'http:', 'http: 后', 'https:', 'http://', 'HTTP://x.cn', 'http:/x', 'http\\://x.cn', 'http:\\/\\/x.cn', 'http&#58;//x.cn', 'http:&#47;/x.cn',
  'mailto:', 'mailto:a@b.cn', 'xmpp:a@b.cn/r', 'xmpp:', 'www', 'www.', 'www\\.x.cn', '&#119;ww.x.cn', 'a&#64;b.cn', '&commat;', '&#64;', '&#x40;',
  '&amp;', '&lt;', '&nbsp;', '&#20214;', '&foo;', '&#58;', '&colon;', '&period;', '汉@b.cn', '(a@b.cn)', '"a@b.cn"', '<b>a</b>@b.cn',
  ' https://x.cn/a).', ' www.x.cn.', ' (https://x.cn)', ' http://x.cn/a?b),', ' www.x.cn:', ' https://x.cn/a!?', ' http://x.cn/a)b', ' www.x.cn/a_b.',
  ' https://x.cn/a.html。', ' https://x.cn/软件', ' https://x.cn/a\u3000汉', ' https://x.cn/a\u00a0b', ' www.x.cn。', ' https://x.cn/。.');
const markup = fc.constantFrom('*', '**', '_', '__', '~~', '`', '``', '[', ']', '![', '](x)', '](http://x/ "标题")', '[链接](http://x/)',
  '`<b>`', '`代码`', '\\<', '\\', '&lt;', '&amp;', '*强调*', '**<b>粗</b>**', '[<b>链</b>](x)', '![<b>图</b>](y.png)', '[标签]', '[<b>链</b>][标签]', '[<b>链</b>]', '[<b>链</b>][]', '![<i>图</i>][标签]');
const atom = fc.oneof({ weight: 3, arbitrary: text }, { weight: 3, arbitrary: openTag }, { weight: 2, arbitrary: otherHtml },
  { weight: 1, arbitrary: email }, { weight: 2, arbitrary: markup });
const inline = fc.array(atom, { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
const BLOCK_START = /^(?:[ \t#>\-+*=_~`<|[:!]|\d{1,9}[.)])|\t$/;
/** A paragraph: lines that start no block (filtered rather than built), maybe in a quote or a list item, maybe a
 * heading or a table cell, maybe in a block of over 100 delimiter runs (which micromark is given masked). */
const paragraph = fc.tuple(inline, fc.constantFrom('', '> ', '# ', '- ', '| ', '  '), fc.boolean()).map(([body, prefix, busy]) => {
  const lines = body.split('\n').filter((line) => line.trim() !== '' && !BLOCK_START.test(line) && !line.includes('|'));
  if (busy) lines.push('*汉_'.repeat(60));
  if (prefix === '# ') return `# ${lines.join(' ')}`;
  if (prefix === '| ') return `| ${lines.join(' ')} | 后 |\n|---|---|\n| 汉 | ${lines.join(' ')} |`;
  if (prefix === '- ') return lines.map((line, k) => (k === 0 ? '- ' : '  ') + line).join('\n');
  return lines.map((line) => prefix + line).join('\n');
}).filter((p) => p.length > 2);
/** Documents of such paragraphs, maybe defining a label (then `[标签]` and `[<b>链</b>][标签]` are references). */
const documents = fc.tuple(fc.array(fc.tuple(paragraph, fc.constantFrom('\n\n', '\n\n\n', '\n')), { minLength: 1, maxLength: 5 }),
  fc.constantFrom('', '\n[标签]: http://x/ "标题"\n', '\n[<b>链</b>]: /u\n'))
  .map(([parts, definitions]) => parts.map(([p, gap]) => p + gap).join('') + definitions);

describe('raw inline HTML and e-mail autolinks read without micromark', () => {
  it('one paragraph: the scan gives micromark\'s paragraphs, or leaves it to micromark', () => {
    fc.assert(fc.property(inline, (body) => {
      const source = body.split('\n').filter((line) => line.trim() !== '' && !BLOCK_START.test(line)).join('\n');
      fc.pre(source.length > 0);
      const lines: number[] = [];
      for (let at = 0; at <= source.length;) {
        const end = source.indexOf('\n', at) < 0 ? source.length : source.indexOf('\n', at);
        lines.push(at, end);
        at = end + 1;
      }
      const out: Paragraph[] = [];
      if (scanInline({ source, lines }, out, false) === OK) {
        expect(canonical({ paragraphs: out, edits: [] })).toEqual(canonical(parsed(source)));
      }
    }), { numRuns: 2500, interruptAfterTimeLimit: 20_000 });
  });

  it('whole documents: the extraction is micromark\'s', () => {
    fc.assert(fc.property(documents, (source) => {
      expect(outcome(() => canonical(extractMarkdownDocument(source, options)))).toEqual(outcome(() => canonical(parsed(source))));
    }), { numRuns: 1500, interruptAfterTimeLimit: 20_000 });
  });

  it('the stream converts as micromark reads, however the input is cut', () => {
    fc.assert(fc.property(documents, fc.array(fc.nat(300), { maxLength: 5 }), (source, cuts) => {
      expect(outcome(() => pushInChunks(markdownStream(converter, options), source, cuts))).toBe(outcome(() => reference(source)));
    }), { numRuns: 400, interruptAfterTimeLimit: 15_000 });
  });

  it('inline tags read with the text around them, other HTML breaks it, attributes people read converted alone', () => {
    expect(scanned('这里的<b>干部</b>并没有<br>于是')).toEqual([['这里的', '干部', '并没有'], ['于是']]);
    expect(scanned('软<kbd>Ctrl</kbd>件')).toEqual([['软'], ['Ctrl'], ['件']]);
    expect(scanned('图<img src="x.png"\nalt="软件 图">后<!-- 注释 -->来')).toEqual([['图'], ['后'], ['来'], ['软件 图']]);
    expect(scanned('a <span title=\'头发\' class=x>汉</span> b')).toEqual([['a ', '汉', ' b'], ['头发']]);
    // Not HTML: text.
    expect(scanned('a < b > c <1> <b x="1"y> <!-- 未完')).toEqual([['a < b > c <1> <b x="1"y> <!-- 未完']]);
    // An e-mail autolink is not converted and breaks the text; an address that is none is text.
    expect(scanned('写信<a.b@x-y.cn>给我')).toEqual([['写信'], ['给我']]);
    for (const source of ['这里的<b>干部</b>并没有<br>于是', '图<img src="x.png"\nalt="软件 图">后<!-- 注释 -->来', '写信<a.b@x-y.cn>给我']) {
      expect(canonical(extractMarkdownDocument(source, options))).toEqual(canonical(parsed(source)));
    }
  });

  it('leaves to micromark what it is unsure of: language tags and <meta> (edits), HTML in a reference, CDATA, `<[`', () => {
    for (const source of ['<span lang="zh-CN">汉</span>', 'a <meta charset=gbk>', '[<b>a</b>][x]\n\n[x]: /u', 'a <![CDATA[汉]]>', 'a <[b>']) {
      const out: Paragraph[] = [];
      const lines = source.split('\n')[0]!;
      expect(scanInline({ source, lines: [0, lines.length] }, out, false) === BAIL || source.includes('[x]')).toBe(true);
      expect(canonical(extractMarkdownDocument(source, options))).toEqual(canonical(parsed(source)));
    }
    const withRetag: ExtractOptions = { ...options, retag: (tag) => (tag === 'zh-CN' ? 'zh-TW' : null) };
    const source = '文字<span lang="zh-CN">汉</span>';
    const at = source.indexOf('zh-CN');
    expect(extractMarkdownDocument(source, withRetag).edits).toEqual([{ start: at, end: at + 5, text: 'zh-TW' }]);
  });

  it('is linear on unterminated HTML', () => {
    for (const piece of ['<!--', '<?', '<!a', '<a b="', "<a b='", '<a b=c', '<a.b', '<a ', '<a\n', '<a b\n']) {
      const source = `汉${piece.repeat(100_000)}后`;
      const out: Paragraph[] = [];
      expect(scanInline({ source, lines: [0, source.length] }, out, false)).toBe(OK);
      expect(out).toEqual([{ segments: [{ start: 0, end: source.length }] }]);
    }
  });
});
