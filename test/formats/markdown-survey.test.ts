/**
 * Markdown references read by fanjian's own scans (markdown-references.ts): a document that can be read twice is
 * surveyed first for its definitions and the spellings of its labels, and then read section by section with
 * `[label]` known to be a reference or plain text. Checked against micromark on the whole document (the extraction
 * that parses every block at once, extractMarkdown with `plain` off), on random documents mixing references of every
 * kind with definitions in and out of containers, code, paragraphs, tables, CRLF line ends, and in random chunkings
 * of the stream (with its surveys, and without: held from the first possible reference, as standard input is).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertSource } from '../../src/formats/driver.js';
import { DEFAULT_LIMITS, type DocumentStream, type ExtractOptions } from '../../src/formats/format.js';
import { scanBlocks } from '../../src/formats/markdown-blocks.js';
import { OK } from '../../src/formats/markdown-inline.js';
import { definitionLine, identifierOf, MarkdownReferences, NOT_DEFINITION, UNSURE } from '../../src/formats/markdown-references.js';
import { extractMarkdownDocument, markdownStream } from '../../src/formats/markdown-stream.js';
import { extractMarkdown } from '../../src/formats/markdown.js';
import { convert } from '../../src/node/index.js';
import { convertDocument } from '../../src/node/documents.js';
import { runInProcess } from '../cli/helpers.js';
import { chunksOf, outcome, pushInChunks } from './helpers.js';

const options: ExtractOptions = { limits: DEFAULT_LIMITS, retag: null, fonts: null };
const converter = { convert: (text: string) => convert(text, 's2twp') };
/** micromark's reading of the whole document, converted. */
const reference = (source: string) => convertSource(source, extractMarkdown(source, options, Number.MAX_SAFE_INTEGER, false), converter);
const whole = (source: string) => convertSource(source, extractMarkdownDocument(source, options), converter);

/** The readings of the surveys of `stream`, each reading cut at `cuts`. */
function survey(stream: DocumentStream, source: string, cuts: readonly number[]): number {
  let readings = 0;
  for (let survey = stream.survey!(); survey; survey = stream.survey!()) {
    for (const chunk of chunksOf(source, cuts)) if (survey.push(chunk) === true) break;
    survey.end();
    readings++;
  }
  return readings;
}
/** The document through the stream with its surveys (as the CLI reads a file), each reading cut at `cuts`. */
function surveyed(source: string, cuts: readonly number[]): string {
  const stream: DocumentStream = markdownStream(converter, options);
  expect(survey(stream, source, cuts)).toBeLessThanOrEqual(source.includes(']:') ? 3 : 1);
  return pushInChunks(stream, source, cuts);
}
/** The stream without surveys (standard input). */
const held = (source: string, cuts: readonly number[]) => pushInChunks(markdownStream(converter, options), source, cuts);

const label = fc.constantFrom('标签', '头发', 'Ab 汉字', 'ab  汉字', '发', 'x', '后面', '里');
const words = fc.constantFrom('汉字后来', '这里的干部', '软件', '头发，软件。', 'a', ' ', '，', '(括号)');
const inlineAtom = fc.oneof(
  words, words,
  label.map((l) => `[${l}]`), label.map((l) => `[${l}][]`), fc.tuple(words, label).map(([w, l]) => `[${w}][${l}]`),
  label.map((l) => `![图${l}][${l}]`), label.map((l) => `![${l}]`), label.map((l) => `[${l}](http://x/)`), label.map((l) => `[${l}] (x)`),
  label.map((l) => `[${l}][未定义]`), label.map((l) => `[未定义][${l}]`), label.map((l) => `*[${l}]*`), label.map((l) => `[*${l}*]`),
  label.map((l) => `[${l}](`), label.map((l) => `[[${l}]]`), label.map((l) => `![图 [${l}] 说明](y.png)`), label.map((l) => `[链接 [${l}]](z)`),
  fc.constantFrom('**', '*', '_', '~~', '`', '[', ']', '](x)', '![', '\\[', '&amp;', '`[标签]`', '[^注]', '[标签\\]]', '[标\n签]', '<b>', '<http://x/[标签]>', '<https://后.cn/*>'),
);
const inline = fc.array(inlineAtom, { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
const definition = fc.oneof(
  label.map((l) => `[${l}]: /u`), label.map((l) => `[${l}]: http://x.cn/a(b) "标题"`), label.map((l) => `[${l}]: <u v> '题目'`),
  label.map((l) => `[${l}]: /u (括号的题)`), label.map((l) => `[${l}]:\n/u`), label.map((l) => `[${l}]: /u\n"下一行的题"`),
  label.map((l) => `> [${l}]: /u`), label.map((l) => `- [${l}]: /u`), label.map((l) => `   [${l}]: /u`), label.map((l) => `[${l}]: /u 不是`),
  label.map((l) => `[${l}]: /u "题"后`), label.map((l) => `[${l}]: /u ""`), label.map((l) => `[${l}]:/u`), label.map((l) => `[${l}]: /u  `),
  label.map((l) => `[${l}]: /u\n[${l}]: /v`), label.map((l) => `[${l}]: /u\n2. 二`), label.map((l) => `[${l}]: /u\n- 项`),
  label.map((l) => `汉字\n[${l}]: /u`), label.map((l) => `    [${l}]: /u`), label.map((l) => `\`\`\`\n[${l}]: /u\n\`\`\``),
  label.map((l) => `[${l}]: /u\n# 标题\n后来`), label.map((l) => `[${l}]: /u\n> 引用`),
  fc.constantFrom('[^注]: 注释的后来', '[]: /u', '[ ]: /u', '[a\\]b]: /u', '[标签]: /u "a\\"b"'),
);
const lines = fc.oneof(
  inline, inline, inline.map((w) => `# ${w}`), inline.map((w) => `- ${w}`), inline.map((w) => `> ${w}`), definition, definition,
  inline.map((w) => `| ${w} | b |\n|---|---|`),
  fc.constantFrom('    代码 [标签]', '```', '<div>', '</div>', '---', '==='),
);
const block = fc.array(lines, { minLength: 1, maxLength: 4 }).map((l) => l.join('\n'));
const documents = fc.tuple(
  fc.array(fc.tuple(block, fc.constantFrom('\n\n', '\n', '\n\n\n')), { minLength: 1, maxLength: 10 }),
  fc.constantFrom('lf', 'lf', 'crlf', 'mixed'),
).map(([parts, ends]) => {
  const text = parts.map(([b, gap]) => b + gap).join('');
  if (ends === 'lf') return text;
  let k = 0;
  return text.replace(/\n/g, () => (ends === 'crlf' || k++ % 2 ? '\r\n' : '\n'));
});

describe('Markdown references, surveyed', () => {
  it('the whole document gives micromark\'s conversion', () => {
    fc.assert(fc.property(documents, (source) => {
      expect(outcome(() => whole(source))).toBe(outcome(() => reference(source)));
    }), { numRuns: 1500, interruptAfterTimeLimit: 40_000 });
  });

  it('the stream with its surveys gives the same, however the input is cut (and without them, held)', () => {
    fc.assert(fc.property(documents, fc.array(fc.nat(300), { maxLength: 8 }), (source, cuts) => {
      const expected = outcome(() => reference(source));
      expect(outcome(() => surveyed(source, cuts))).toBe(expected);
      expect(outcome(() => held(source, cuts))).toBe(expected);
    }), { numRuns: 800, interruptAfterTimeLimit: 40_000 });
  });

  it('held without surveys: `[label](` with no valid destination after it is a reference too (it was converted)', () => {
    // fast-check's counterexample (seed 45155678): `(**` opens no link, so micromark reads [Ab 汉字] as a shortcut
    // reference to the definition below, spelt otherwise: its label is left as it is.
    const source = '[Ab 汉字](**\n\n[ab  汉字]: /u\n2. 二\n\n[标签]: /u\n# 标题\n后来\n\n';
    expect(reference(source)).toContain('[Ab 汉字](**');
    expect(held(source, [])).toBe(reference(source));
    expect(surveyed(source, [])).toBe(reference(source));
  });

  it('a section starting with indented code, given a footnote definition before it, keeps its code as code', () => {
    // fast-check's counterexample: the footnote definition prepended for micromark took the indented line in as its
    // own content, where `[标签]: /u` became a definition, and `[标签]` below was left unconverted.
    const source = '    [标签]: /u\n> [^注]![图标签][标签]汉字后来\n\n[^注]: 注释的后来\n\n# [未定义][标签]\n\n';
    expect(reference(source)).toContain('![圖標籤][標籤]');
    expect(surveyed(source, [])).toBe(reference(source));
    expect(held(source, [])).toBe(reference(source));
  });

  it('reads definitions and references by its own scans (no micromark), converting labels alike', () => {
    const source = '见[中文][标签]和[标签]，![图片][标签]与[头发][]。[未定义]\r\n\r\n[标签]: http://x.cn/ "标题"\r\n[头发]: <y>\r\n';
    const refs = new MarkdownReferences();
    const out: never[] = [];
    expect(scanBlocks(source, 0, source.length, out, refs)).toBe(OK);
    expect([...refs.labels.keys()]).toEqual(['标签', '头发']);
    refs.phase = 'spellings';
    expect(refs.mayRespell(source, 0, source.length)).toBe(false);
    refs.phase = 'convert';
    const paragraphs: { segments: unknown[] }[] = [];
    expect(scanBlocks(source, 0, source.length, paragraphs as never, refs)).toBe(OK);
    expect(whole(source)).toBe('見[中文][標籤]和[標籤]，![圖片][標籤]與[頭髮][]。[未定義]\r\n\r\n[標籤]: http://x.cn/ "標題"\r\n[頭髮]: <y>\r\n');
    expect(whole(source)).toBe(reference(source));
  });

  it('a label spelt in another case anywhere is left as it is everywhere, before and after', () => {
    const source = '[Ab 汉字] 后来\n\n' + '汉字后来。\n\n'.repeat(50) + '[AB 汉字] 后\n\n[ab 汉字]: /u\n';
    const output = surveyed(source, [10, 100, 400]);
    expect(output).toBe(reference(source));
    expect(output).toContain('[Ab 汉字] 後來');
  });

  it('the spellings survey is skipped exactly when it would read no section (random states, documents and chunkings)', () => {
    const spelling = fc.tuple(label, fc.constantFrom('same', 'upper', 'spaced', 'two'));
    fc.assert(fc.property(documents, fc.array(fc.nat(300), { maxLength: 8 }), fc.array(spelling, { maxLength: 4 }), (source, cuts, defined) => {
      const refs = new MarkdownReferences();
      for (const [l, how] of defined) {
        refs.define(l);
        const noted = how === 'upper' ? l.toUpperCase() : how === 'spaced' ? ` ${l}` : l;
        refs.note(identifierOf(l), noted);
        if (how === 'two') refs.note(identifierOf(l), `${l} `);
      }
      for (const chunk of chunksOf(source, cuts)) refs.collect(chunk);
      // The spellings survey reads a section where mayRespell finds a bracketed text in it, and a section's are the
      // document's: it reads one if and only if mayRespell finds one in the whole document.
      const reads = refs.labels.size > 0 && refs.mayRespell(source, 0, source.length);
      expect(refs.spellingsNeeded()).toBe(reads);
    }), { numRuns: 1500, interruptAfterTimeLimit: 30_000 });
  });

  it('reads a document twice when no label is respelt, three times when one is, with micromark\'s output', () => {
    let source = '# 这里的干部\n\n';
    for (let i = 0; i < 120; i++) {
      source += `## 软件开发 ${i}\n\n这里的干部于是[软件开发][doc${i % 20}]。见[文档${i % 20}]和[文档${(i + 7) % 20}][]。\n` +
        `后来的汉字，![图片][doc${(i + 3) % 20}]与[段落](http://x/${i})和[未定义的标签]。\n\n- 项目[文档${i % 20}]\n\n`;
    }
    for (let k = 0; k < 20; k++) source += `[文档${k}]: https://example.com/${k} "说明${k}"\n[doc${k}]: <https://x/${k}>\n`;
    // A definition in another spelling is known after the first survey; a use only after the second.
    const respelt = source.replace('见[文档3]和', '见[ 文档3]和');
    for (const [document, readings] of [[source, 2], [source + '[DOC1]: /again\n', 2], [source + '\n[Doc1]\n', 3], [respelt, 3]] as const) {
      const expected = reference(document);
      for (const cuts of [[], [1000, 5001, 20_000, 40_000]]) {
        const stream = markdownStream(converter, options);
        expect(survey(stream, document, cuts)).toBe(readings);
        expect(pushInChunks(stream, document, cuts)).toBe(expected);
      }
      if (document === source) expect(expected).toContain('見[文件0]和[文件7][]');
      if (document === respelt) {
        expect(expected).toContain('見[ 文档3]和');
        expect(expected).toContain('\n[文档3]: https://example.com/3 "說明3"\n');
      }
    }
  });

  it('keeps at most 65,536 distinct bracketed texts to skip the spellings survey: past that it reads as before', () => {
    const refs = new MarkdownReferences();
    refs.define('标签');
    refs.note(identifierOf('标签'), '标签');
    let text = '';
    for (let i = 0; i < 65_535; i++) text += `[标${i}]`;
    refs.collect(text);
    refs.collect('[标签]');
    expect(refs.spellingsNeeded()).toBe(false);
    const more = new MarkdownReferences();
    more.define('标签');
    more.note(identifierOf('标签'), '标签');
    more.collect(text + '[标-1][标-2]');
    expect(more.spellingsNeeded()).toBe(true);
  });

  it('keeps labels, not the windows of the stream they were read in (memory bounded by the labels)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // 24 parts of 256K characters, each with the definition of a long label (a slice of a window is a view of it).
    const part = '这里的干部并没有于是软件开发，头发。后来的汉字，这是一个很长的段落。\n\n'.repeat(7490);
    let source = '';
    for (let k = 0; k < 24; k++) {
      const label = k % 2 ? `一个很长的引用标签的名字第${k}个` : `a-long-reference-label-number-${k}`; // nothing to fold in either
      source += part + `[${label}]: /u${k}\n\n[${label}]\n\n`;
    }
    void source.indexOf('\0'); // flat, as read from a file
    const stream = markdownStream(converter, options);
    const cuts = Array.from({ length: Math.ceil(source.length / 65_536) }, (_, i) => i * 65_536);
    gc();
    const before = process.memoryUsage().heapUsed;
    expect(survey(stream, source, cuts)).toBe(2);
    gc();
    // The source is 12 MB of UTF-16; each window kept would be about 1 MB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(4 * 1024 * 1024);
    const output = pushInChunks(stream, source, cuts);
    expect(output).toContain('[一個很長的引用標籤的名字第23個]: /u23\n\n[一個很長的引用標籤的名字第23個]\n');
  });

  it('definition lines: read when plain, unsure when anything could continue them, not when they cannot be', () => {
    const at = (line: string) => definitionLine(line, 0, line.length);
    expect(at('[标签]: /u "题"')).toEqual([1, 3, 10, 11]);
    expect(at('[标签]: <a b>')).toEqual([1, 3, -1, -1]);
    expect(at('[标签] 后')).toBe(NOT_DEFINITION);
    expect(at('[标[签]: /u')).toBe(NOT_DEFINITION);
    for (const line of ['[标签]:', '[标签]: /u "题', '[标\\]签]: /u', '[^注]: 注', '[标签]: /u x', '[标签]: a(b', '[标签']) expect(at(line)).toBe(UNSURE);
  });

  it('a large document of reference links streams with bounded holding once surveyed', () => {
    const paragraph = '这里的[干部][标签]并没有于是[软件开发]，头发。\n后来的[汉字][]。\n\n';
    const source = paragraph.repeat(5000) + '[标签]: /a\n[软件开发]: /b\n[汉字]: /c "题"\n';
    const stream = markdownStream(converter, options);
    for (let survey = stream.survey!(); survey; survey = stream.survey!()) {
      for (let i = 0; i < source.length; i += 4096) if (survey.push(source.slice(i, i + 4096)) === true) break;
      survey.end();
    }
    let out = '', heldMost = 0;
    for (let i = 0; i < source.length; i += 4096) {
      out += stream.push(source.slice(i, i + 4096));
      heldMost = Math.max(heldMost, Math.min(i + 4096, source.length) - out.length);
    }
    out += stream.end();
    expect(out).toBe(whole(source));
    expect(out.slice(0, 2 * paragraph.length)).toBe(reference(paragraph.repeat(2) + '[标签]: /a\n[软件开发]: /b\n[汉字]: /c "题"\n').slice(0, 2 * paragraph.length));
    expect(heldMost).toBeLessThan(300_000);
  });

  it('the CLI surveys a Markdown file it streams (over 16 MB): the output is the whole document\'s', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'fanjian-md-survey-'));
    try {
      const paragraph = '这里的[干部][标签]并没有于是[软件开发]，头发。<https://后.cn/>\r\n后来的[汉字][]与[Ab 汉字]。\r\n\r\n';
      const source = paragraph.repeat(Math.ceil(17 * 1024 * 1024 / Buffer.byteLength(paragraph))) +
        '[标签]: /a\r\n[软件开发]: /b\r\n[汉字]: /c "题"\r\n[ab 汉字]: /d\r\n';
      await writeFile(join(folder, 'a.md'), source);
      const result = await runInProcess(['-c', 's2t', '-o', join(folder, 'b.md'), join(folder, 'a.md')]);
      expect(result.code).toBe(0);
      const output = await readFile(join(folder, 'b.md'), 'utf8');
      expect(output.slice(0, paragraph.length)).toBe('這裏的[幹部][標籤]並沒有於是[軟件開發]，頭髮。<https://后.cn/>\r\n後來的[漢字][]與[Ab 汉字]。\r\n\r\n');
      expect(output === convertDocument(source, { format: 'markdown', config: 's2t' })).toBe(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 240_000);
});
