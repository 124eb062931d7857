/**
 * The Markdown inline layer read without micromark (markdown-inline.ts) against micromark (through the extraction that
 * parses every block, extractMarkdown with `plain` off): random inline strings built from the markup alphabet, as
 * one paragraph, a multi-line paragraph, a heading and a paragraph inside block quotes. Where the scan reads the
 * paragraph (OK) its paragraphs must be micromark's; where it gives up (BAIL, REFERENCE) micromark reads it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Paragraph } from '../../src/formats/format.js';
import { OK, REFERENCE, scanInline } from '../../src/formats/markdown-inline.js';
import { extractMarkdown } from '../../src/formats/markdown.js';

const options = { limits: DEFAULT_LIMITS, retag: null, fonts: null };
const parsed = (source: string) => extractMarkdown(source, options, Number.MAX_SAFE_INTEGER, false).paragraphs;
/** Paragraphs in a canonical order (the extraction gives them in any order). */
const canonical = (paragraphs: readonly Paragraph[]) =>
  paragraphs.map((p) => JSON.stringify(p.segments)).sort();

const atoms = fc.constantFrom(
  '汉', '字', '软件', '头发', 'a', 'b', ' ', '，', '。', '!', '.', '(', ')', '*', '**', '***', '_', '__', '~', '~~', '~~~', '`', '``',
  '[', ']', '![', '](', '](x)', '](x y)', '](<x>)', '](http://x/)', '](a(b)c)', '\\', '\\*', '\\[', '\\`', '&amp;', '&#20214;', '"',
  '-', '1', 'x', 'http', 'www', ':', '/', '<', '>', '<http://x/汉>', '<ab:后>', '<a@b.cn>', '<x:y z>', 'a:', '+', '.',
  'https', 'HTTP', 'mailto', 'xmpp', 'www.', 'WwW.', 'x.cn', '://', 'ftp', '汉:', '注意：', 'Note:',
  ' http://x.cn', ' https://例子.cn/后', ' www.x.cn', ' www.com', ' http://x', ' HTTP://a_b.cn', ' https://x.cn/a?b=c#d', ' http://x.cn/a.',
  ' http://x.cn/(a)', ' @user', '@', 'a@b.cn', ' http://x-y.cn:80/', ' www.x.cn/', '(http://x.cn/a)', ' http://-x.cn', ' www.',
  // Titles and hard breaks (read here since issue 9).
  '](x "t")', "](x 't')", '](x (t))', '](x "汉 后")', '](x "")', '](x "a\\"")', '](x ")")', '  ',
);
const inline = fc.array(atoms, { minLength: 1, maxLength: 24 }).map((a) => a.join(''));
/** A paragraph line must not start a block (nor end with a tab); filtered rather than built. */
const BLOCK_START = /^(?:[ \t#>\-+*=_~`<|[:!]|\d{1,9}[.)])|\t$/;

function check(source: string, lines: number[]): void {
  const out: Paragraph[] = [];
  const result = scanInline({ source, lines }, out);
  if (result === OK) expect(canonical(out)).toEqual(canonical(parsed(source)));
  else expect(out).toEqual([]);
}

describe('the Markdown inline scan', () => {
  it('gives micromark\'s paragraphs for one line', () => {
    fc.assert(fc.property(inline, (text) => {
      fc.pre(!BLOCK_START.test(text));
      check(text, [0, text.length]);
    }), { numRuns: 3000, interruptAfterTimeLimit: 20_000 });
  });

  it('gives micromark\'s paragraphs for lines of a paragraph, a heading and a paragraph in quotes', () => {
    fc.assert(fc.property(inline, inline, fc.constantFrom('', '> ', '>', '> > '), (a, b, quote) => {
      fc.pre(!BLOCK_START.test(a) && !BLOCK_START.test(b));
      // Lines may end with spaces or a backslash: hard breaks.
      const source = `${quote}${a}\n${quote}${b}`;
      check(source, [quote.length, quote.length + a.length, 2 * quote.length + a.length + 1, source.length]);
      const heading = `## ${a}`;
      if (!/#\s*$/.test(a)) check(heading, [3, heading.length]);
    }), { numRuns: 2000, interruptAfterTimeLimit: 20_000 });
  });

  it('reads emphasis, code, links and images as micromark does', () => {
    for (const text of ['这里的**干部**并没有于是[软件开发](http://x/)，头发。', '软*件*', '`代码` 后来', '![图 *说明*](x.png) 后', '*a **b** c*',
      '~a *b~ c*', '*a ~b* c~', '[http://x](http://x) 后', '[a [b](c) d](e)', '***强调*后**', '_a_b_', '[后]', '[后](',
      // Inside a label strikethrough is resolved before emphasis, whatever came first (found by the property).
      '汉[~~_~~_](http://x/)汉', '_[~~_~~_](x)', '[*~~*~~](x) 后', '![~~_~~_](x) 后',
      // micromark finds e-mail literals in the text its escapes leave (found by the property).
      'https\\@x.cn', 'a\\_b@x.cn 汉', 'a\\.b\\.c@x.cn 汉', '汉\\_a 后', '汉 node-gyp\\@3.0.3 后', 'x a\\@b.c. 汉', 'x a\\@b.3 汉']) {
      check(text, [0, text.length]);
    }
    expect(scanInline({ source: '[后]', lines: [0, 3] }, [])).toBe(REFERENCE);
  });

  it('is linear on hostile inline text', () => {
    for (const text of ['['.repeat(200_000) + '后', '`'.repeat(1000) + '后', Array.from({ length: 3000 }, (_, i) => '`'.repeat(i % 50 + 1)).join('a'),
      '[a](b)'.repeat(30_000), '['.repeat(50_000) + '[a](b)'.repeat(50_000), '\\@a'.repeat(200_000) + '后']) {
      const out: Paragraph[] = [];
      expect(scanInline({ source: text, lines: [0, text.length] }, out)).toBe(OK);
    }
  });
});
