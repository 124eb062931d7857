/**
 * Markdown read section by section (markdown-stream.ts): the whole document's extraction and the stream (used by
 * the CLI for large documents and standard input) give what micromark gives on the whole document (the extraction
 * that parses every block: extractMarkdown with `plain` off), on random documents of every block kind, however the
 * stream's input is cut into chunks; giant sections are passed on as they are read, and deep documents are refused
 * before the rest is read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDocumentStream } from '../../src/formats/document.js';
import { convertSource } from '../../src/formats/driver.js';
import { DEFAULT_LIMITS, type ExtractOptions } from '../../src/formats/format.js';
import { extractMarkdownDocument, GIANT, markdownStream } from '../../src/formats/markdown-stream.js';
import { extractMarkdown } from '../../src/formats/markdown.js';
import { FanjianError } from '../../src/index.js';
import { convert } from '../../src/node/index.js';
import { convertDocument } from '../../src/node/documents.js';
import { runInProcess } from '../cli/helpers.js';
import { outcome, pushInChunks } from './helpers.js';

const options: ExtractOptions = { limits: DEFAULT_LIMITS, retag: null, fonts: null };
const converter = { convert: (text: string) => convert(text, 's2twp') };
/** micromark's reading of the whole document, converted. */
const reference = (source: string) => convertSource(source, extractMarkdown(source, options, Number.MAX_SAFE_INTEGER, false), converter);
const whole = (source: string) => convertSource(source, extractMarkdownDocument(source, options), converter);
/** The document through the stream, cut at `cuts` (positions, any order). */
function streamed(source: string, cuts: readonly number[], limits = DEFAULT_LIMITS): string {
  return pushInChunks(markdownStream(converter, { ...options, limits }), source, cuts);
}

const words = fc.constantFrom('汉字后来', '这里的干部', '软件', '头发，软件。', 'a', '1986年', '价格 100 元', '(括号)');
const inline = fc.array(fc.oneof(words, fc.constantFrom('**', '*', '_', '~~', '`', '[', ']', '](x)', '![', '\\*', '&amp;', ' ', '[链接](http://x/)',
  '`代码`', '*强调*', '**粗体**', '![图](y.png)', '<b>', 'www.x.cn', 'a@b.cn',
  '<http://x/汉>', '<https://例子.cn/路径?q=后>', '<a@b.cn>', '<MAILTO:a@b.cn>', '<x:y>', '<http://a 后>', '<http://x/*>', '<h+1.a-b:>', '<1x:y>',
  '[链接](http://x/ "标题")', "![图](y.png '说明')", '[链](x (后))', '](x "t")', '  ', '\\', '#')), { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
const lines = fc.oneof(
  inline, inline, inline.map((w) => `# ${w}`), inline.map((w) => `- ${w}`), inline.map((w) => `1. ${w}`), inline.map((w) => `> ${w}`),
  inline.map((w) => `>> ${w}`), inline.map((w) => `> > ${w}`),
  fc.constantFrom('===', '---', '***', '>', '> ', '  缩进', '    代码', '- ', '软件  ', '软件\\', '| a | b |', '|---|---|', '```', '~~~', '<!--', '-->',
    '[标签]: /x', '[标签]', '- [ ] 任务', '\t制表', '汉\r', '<div>', '</div>', '[^注]', '[^注]: 注释', '2) 二', '10. 十', '---\ntitle: 标题\n---', '<div>\n```', '<span>', '<b>粗</b>', '    ```', '```a`b',
    // Fences, indented code, setext underlines, thematic breaks, hard breaks (read by our own scan since issue 9).
    '```js', '~~~~', '   ```', '````', '```\r', '~~~ 汉', '    代码 后', '    ```', '   ~~~', '***', '* * *', '- - -', '___', '-', '--', '=',
    '===  ', '---\r', '汉字  ', '汉字\\', '汉字   ', '    代码\r', '  ---', '\t代码', ' # 汉'),
);
const block = fc.array(lines, { minLength: 1, maxLength: 4 }).map((l) => l.join('\n'));
const documents = fc.array(fc.tuple(block, fc.constantFrom('\n\n', '\n', '\n\n\n', '\n \n')), { minLength: 1, maxLength: 10 })
  .map((parts) => parts.map(([b, gap]) => b + gap).join(''));

describe('Markdown section by section', () => {
  it('the whole document gives micromark\'s conversion', () => {
    fc.assert(fc.property(documents, (source) => {
      expect(outcome(() => whole(source))).toBe(outcome(() => reference(source)));
    }), { numRuns: 1500, interruptAfterTimeLimit: 30_000 });
  });

  it('the stream gives the same, however the input is cut', () => {
    fc.assert(fc.property(documents, fc.array(fc.nat(400), { maxLength: 8 }), (source, cuts) => {
      expect(outcome(() => streamed(source, cuts))).toBe(outcome(() => reference(source)));
    }), { numRuns: 1000, interruptAfterTimeLimit: 30_000 });
  });

  it('a footnote definition that interrupts a paragraph ends the code span its first line opened (a fast-check counterexample)', () => {
    // micromark: `[^注]: …` interrupts the paragraph, so the backticks pair with nothing and the note is text.
    for (const source of ['`**\n[^注]: 注释\n`\n\n**\n\n', '`a\n   [^注]: 注释\n`\n']) {
      expect(reference(source)).toContain('註釋');
      expect(whole(source)).toBe(reference(source));
      expect(streamed(source, [])).toBe(reference(source));
      expect(streamed(source, [3, 9])).toBe(reference(source));
    }
  });

  it('convertDocumentStream streams Markdown', () => {
    const stream = convertDocumentStream({ format: 'markdown', config: 's2t' })!;
    const out = stream.push('# 汉字\n\n这里的**干部**') + stream.push('后来\n');
    expect(out + stream.end()).toBe('# 漢字\n\n這裏的**幹部**後來\n');
  });

  it('a document of plain blocks is released as it is read (what is held is bounded)', () => {
    const paragraph = '## 这里的干部\n\n这里的**干部**并没有于是[软件开发](http://x/)，头发。\n后来的汉字。\n\n- 列表项目一\n- 列表项目二\n\n';
    const stream = markdownStream(converter, options);
    let out = '', held = 0;
    for (let k = 0; k < 3000; k++) {
      out += stream.push(paragraph);
      held = Math.max(held, (k + 1) * paragraph.length - out.length);
    }
    out += stream.end();
    expect(out).toBe(whole(paragraph.repeat(3000)));
    expect(out.slice(0, 2 * paragraph.length)).toBe(reference(paragraph.repeat(2)));
    expect(held).toBeLessThan(300_000);
  });

  it('a document with references is held from its first possible reference on, and resolves as whole', () => {
    const source = '段落一。\n\n见[标签]。\n\n' + '后来。\n\n'.repeat(100) + '[标签]: http://x/\n';
    expect(streamed(source, [5, 30, 200])).toBe(reference(source));
    expect(whole(source)).toBe(reference(source));
    expect(streamed(source, [])).toContain('見[標籤]');
  });

  it('giant lines: 3 M quote markers then text convert (raised limit); 3 M brackets convert; the output is the whole document\'s', () => {
    const limits = { ...DEFAULT_LIMITS, depth: 100_000_000 };
    const quotes = '>'.repeat(3 * GIANT) + ' 后来';
    const chunks = Array.from({ length: 60 }, (_, i) => i * 65_536);
    expect(streamed(quotes, chunks, limits)).toBe(quotes.replace('后来', '後來'));
    const brackets = '['.repeat(3 * GIANT) + '后';
    expect(streamed(brackets, chunks)).toBe('['.repeat(3 * GIANT) + '後');
    const spaced = '> > '.repeat(GIANT) + '后';
    expect(streamed(spaced, chunks, limits)).toBe('> > '.repeat(GIANT) + '後');
  });

  it('a deep document is refused before the rest is read, naming the option', () => {
    const stream = markdownStream(converter, options);
    let error: unknown;
    try {
      stream.push('# 标题\n\n');
      stream.push('>'.repeat(65_536));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FanjianError);
    expect((error as FanjianError).code).toBe('INVALID_DOCUMENT');
    expect((error as FanjianError).message).toMatch(/nesting \(\d+ levels.*exceeds the limit of 1000 levels.*limits\.depth \(CLI --max-depth\)/);
  });

  it('convertDocument reads Markdown section by section too (the same output as the stream)', () => {
    const source = '# 标题\n\n这里的**干部**。\n\n> 引用的*软件*\n> 续行\n\n```\n代码 后\n```\n\n| 表 | 格 |\n|---|---|\n| 后 | 来 |\n';
    expect(convertDocument(source, { format: 'markdown', config: 's2twp' })).toBe(reference(source));
    expect(streamed(source, [3, 20])).toBe(reference(source));
  });

  it('the CLI streams Markdown from standard input, and refuses a deep one before reading the rest (nothing written)', async () => {
    const page = '# 标题\n\n这里的**干部**并没有于是[软件开发](http://x/)，头发。\n\n> 引用\n\n'.repeat(2000);
    const chunks = Array.from({ length: Math.ceil(page.length / 7001) }, (_, i) => Buffer.from(page.slice(i * 7001, (i + 1) * 7001)));
    const result = await runInProcess(['-c', 's2twp', '--format', 'markdown'], { input: chunks });
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe(whole(page));
    // 200 chunks of 64 KB of quote markers: refused at the first, with the option named; the rest is never read.
    let taken = 0;
    const deep = Array.from({ length: 200 }, () => Buffer.from('>'.repeat(65_536)));
    deep[Symbol.iterator] = function* () {
      for (const chunk of Array.prototype.values.call(this) as IterableIterator<Buffer>) {
        taken++;
        yield chunk;
      }
    };
    const refused = await runInProcess(['-c', 's2t', '--format', 'markdown', '--max-input', '1G'], { input: deep });
    expect(refused.code).toBe(1);
    expect(refused.stdout.length).toBe(0);
    expect(refused.stderr).toMatch(/Markdown nesting .*exceeds the limit of 1000 levels.*--max-depth/);
    expect(taken).toBeLessThan(10);
    const raised = await runInProcess(['-c', 's2t', '--format', 'markdown', '--max-input', '1G', '--max-depth', '100000000'],
      { input: [...Array.from({ length: 40 }, () => Buffer.from('>'.repeat(65_536))), Buffer.from(' 后来\n')] });
    expect(raised.code).toBe(0);
    expect(raised.stdout.toString()).toBe('>'.repeat(40 * 65_536) + ' 後來\n');
  }, 60_000);
});
