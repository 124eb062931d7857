/**
 * Blocks of plain text in a large Markdown document (paragraphs of words, ATX headings, single-line list items, no
 * other syntax) are read without micromark (markdown-limits.ts: plainBlock). Checked against micromark on random
 * documents that mix them with everything that may look like them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/formats/format.js';
import { plainBlock } from '../../src/formats/markdown-limits.js';
import { extractMarkdown } from '../../src/formats/markdown.js';

const options = { limits: DEFAULT_LIMITS, retag: null, fonts: null };
const parsed = (source: string) => extractMarkdown(source, options, Number.MAX_SAFE_INTEGER, false);
/** The extraction, or the message of the error (front matter of invalid YAML is refused). */
const outcome = (extract: () => unknown) => {
  try {
    return extract();
  } catch (error) {
    return (error as Error).message;
  }
};

const words = fc.constantFrom('汉字后来', '这里的干部', 'plain words', '头发，软件。', 'a', '1986年', '价格 100 元', '(括号)');
const lines = fc.oneof(
  words,
  words.map((w) => `# ${w}`), words.map((w) => `###### ${w}`), words.map((w) => `- ${w}`), words.map((w) => `1. ${w}`),
  words.map((w) => `* ${w}`), words.map((w) => `+ ${w}`), words.map((w) => `2) ${w}`),
  fc.constantFrom('===', '---', '***', '- - -', '#标签', '####### 七', '# 标题 #', '  缩进', '    代码', '> 引用', '- ', '1.', '#',
    '软件  ', '软件\\', '*强调*', '[链接](x)', '[标签]', '<b>粗</b>', '&amp;', 'www.x.cn', 'a@b.cn', 'http://x', '| a | b |',
    '|---|---|', '```', '~~~', '<!--', '-->', '[标签]: /x', '2. 二', '10. 十', '- [ ] 任务', '\t制表', '汉\r'),
);
const block = fc.array(lines, { minLength: 1, maxLength: 4 }).map((l) => l.join('\n'));
const documents = fc.array(fc.tuple(block, fc.constantFrom('\n\n', '\n', '\n\n\n', '\n \n')), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.map(([b, gap]) => b + gap).join(''));

describe('plain Markdown blocks read without the parser', () => {
  it('give exactly what micromark gives, whatever the part size', () => {
    fc.assert(fc.property(documents, fc.constantFrom(1, 30, 200), (source, partSize) => {
      expect(outcome(() => extractMarkdown(source, options, partSize))).toEqual(outcome(() => parsed(source)));
    }), { numRuns: 500, interruptAfterTimeLimit: 10_000 });
  });

  it('counterexamples the property found: an ordered item after indented code and a blank line', () => {
    // micromark reads `2) x` (and `10. x`) there as a paragraph, not a list item; parts must not cut before it.
    for (const source of ['\t制表\n\n2) 汉字后来\n1. 汉字后来\n\n# 汉字后来\n\n', '\t制表\n\n10. 十\n###### 汉字后来\n\n']) {
      for (const partSize of [1, 30, 200]) expect(outcome(() => extractMarkdown(source, options, partSize))).toEqual(outcome(() => parsed(source)));
    }
  });

  it('reads paragraphs, headings and list items, and leaves anything else to micromark', () => {
    const source = '# 标题\n段落一\n续行\n\n\n';
    expect(plainBlock(source, 0, source.length)).toEqual([2, 4, 5, 11]);
    const list = '- 甲\n- 乙\n';
    expect(plainBlock(list, 0, list.length)).toEqual([2, 3, 6, 7]);
    for (const other of ['段落\n===\n', '软件  \n后来\n', '- 甲\n续\n', '段\n- 甲\n', '[a]\n', '段\n\n    代码\n']) {
      expect(plainBlock(other, 0, other.length)).toBeNull();
    }
  });

  it('a large document of plain blocks and markup', () => {
    const paragraph = '## 这里的干部\n\n这里的干部并没有于是软件开发，头发。\n后来的汉字，这是一个很长的段落。\n\n- 列表项目一\n- 列表项目二\n\n';
    const source = paragraph.repeat(20_000); // 2.4 MB
    const extraction = extractMarkdown(source, options);
    expect(extraction.paragraphs).toHaveLength(20_000 * 4);
    const mixed = ('段落**强调**。\n\n' + paragraph).repeat(2_000);
    expect(extractMarkdown(mixed, options, 1000)).toEqual(parsed(mixed));
  });
});
