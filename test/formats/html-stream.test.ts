/**
 * HTML converted as it is read (markupStream, used by the CLI for large documents): the output equals converting
 * the whole document, however the input is cut into chunks and however deep it nests, and what is held at any time
 * is bounded by the longest paragraph or tag, not the document.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDocumentStream } from '../../src/formats/document.js';
import { MAX_PARAGRAPH } from '../../src/formats/html.js';
import { convertDocument } from '../../src/node/documents.js';
import { convert } from '../../src/node/index.js';
import { runInProcess } from '../cli/helpers.js';
import { pushInChunks } from './helpers.js';

const RUNS = { numRuns: 300, interruptAfterTimeLimit: 8_000 };

/** The document through the stream, cut at `cuts` (positions, any order). */
function streamed(source: string, cuts: readonly number[], format: 'html' | 'xhtml' = 'html', charset?: string): string {
  return pushInChunks(convertDocumentStream({ format, config: 's2twp', ...(charset ? { charset } : {}) })!, source, cuts);
}

const whole = (source: string, format: 'html' | 'xhtml' = 'html', charset?: string) =>
  convertDocument(source, { format, config: 's2twp', ...(charset ? { charset } : {}) });

const pieces = fc.constantFrom(
  '<p>', '</p>', '<div>', '</div>', '<b>', '</b>', '<a href="/后">', '</a>', '<img alt="头发" src="x.png">', '<br>',
  '软件', '开发', '头发', '后来', '方便面', '&#20214;', '&amp;', '&', '<', '>', ' ', '\n', '<!-- 注释 -->', '<script>var 后 = "<p>";</script>',
  '<style>p{}</style>', '<code>后</code>', '<span translate="no">发</span>', '<html lang="zh-CN">', '<meta charset="gbk">',
  '<title>标题</title>', '<input value="后" placeholder="发">', '</', '<!DOCTYPE html>', '<![CDATA[后]]>', '<p title="后&#21518;来">',
  '。', '\uD842\uDFB7', '<?xml version="1.0" encoding="gb2312"?>',
);
const documents = fc.array(pieces, { maxLength: 40 }).map((p) => p.join(''));
const cuts = fc.array(fc.nat({ max: 400 }), { maxLength: 12 });

describe('HTML converted as it is read', () => {
  it('gives what converting the whole document gives, for any chunking', () => {
    fc.assert(fc.property(documents, cuts, fc.constantFrom<'html' | 'xhtml'>('html', 'xhtml'), fc.constantFrom(undefined, 'utf-8'),
      (source, at, format, charset) => {
        expect(streamed(source, at, format, charset)).toBe(whole(source, format, charset));
      }), RUNS);
  });

  it('leaves what follows the name of a closing tag never closed as written, whole and streamed (found by the property)', () => {
    // htmlparser2 hands the rest of such an input over as text from position -1; converted whole, it was not
    // streamed (the stream had released it as settled). It is the inside of an unfinished tag, not text.
    const cases = [
      ['</</软件', 'xhtml', '</</软件'],
      ['<b></开发\n&amp;软件', 'xhtml', '<b></开发\n&amp;软件'],
      ['<p>软件</p 软件', 'html', '<p>軟體</p 软件'],
      ['<p>软件</p 软件', 'xhtml', '<p>軟體</p 软件'],
    ] as const;
    for (const [source, format, expected] of cases) {
      expect(whole(source, format)).toBe(expected);
      for (let cut = 0; cut <= source.length; cut++) expect(streamed(source, [cut], format)).toBe(expected);
    }
    // Closed, what follows is text again.
    expect(whole('</</>软件', 'xhtml')).toBe('</</>軟體');
    expect(streamed('</</>软件', [3], 'xhtml')).toBe('</</>軟體');
  });

  it('one character at a time', () => {
    const source = '<?xml version="1.0" encoding="gbk"?><html lang="zh-CN"><p title="头发">软<b>件</b>开发&#20214;后 < 来</p><!-- 后 --><p>方便<i>面</i></p></html>';
    expect(streamed(source, Array.from({ length: source.length }, (_, i) => i), 'html', 'utf-8')).toBe(whole(source, 'html', 'utf-8'));
  });

  it('nesting of any depth, in chunks: a million nested <div>s', () => {
    const depth = 1_000_000;
    const source = '<html><body>' + '<div>'.repeat(depth) + '<p>软件开发</p>' + '</div>'.repeat(depth);
    const chunks = Array.from({ length: Math.ceil(source.length / 65536) }, (_, i) => i * 65536);
    expect(streamed(source, chunks)).toBe(source.replace('软件开发', '軟體開發'));
  });

  it('cuts a paragraph longer than MAX_PARAGRAPH after a line break or sentence end, whole or streamed', () => {
    const line = '这里的干部并没有头发后来。';
    const body = line.repeat(Math.ceil((MAX_PARAGRAPH * 2.5) / line.length));
    const source = `<p>${body}</p>`;
    const expected = `<p>${convert(body, 's2twp')}</p>`;
    expect(whole(source)).toBe(expected);
    expect(streamed(source, [100_000, 1_500_000, 2_000_001])).toBe(expected);
  });

  it('the CLI streams HTML from standard input in chunks, as converted whole, and still applies --max-input', async () => {
    const page = '<html lang="zh-CN"><head><meta charset="gbk"><title>标题</title></head><body>' +
      '<p title="头发">软<b>件</b>开发&#20214;</p><script>var 后 = 1;</script>\n'.repeat(5000) + '</body></html>\n';
    const chunks = Array.from({ length: Math.ceil(page.length / 7001) }, (_, i) => Buffer.from(page.slice(i * 7001, (i + 1) * 7001)));
    const result = await runInProcess(['-c', 's2twp', '--format', 'html'], { input: chunks });
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe(whole(page, 'html', 'utf-8'));
    const refused = await runInProcess(['-c', 's2twp', '--format', 'html', '--max-input', '64K'], { input: chunks });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/standard input is larger than --max-input 64K, which bounds an HTML document even though it is converted as it is read; raise the limit/);
  });
});
