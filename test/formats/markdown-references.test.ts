/**
 * Markdown reference links ([text][label], [label], [label][]) find their definition ([label]: url) by label, so
 * a label converted in one place and not in the other breaks the link. fanjian converts every spelling of a label
 * alone, the same way everywhere (definitions, references, collapsed and shortcut references whose text is the
 * label); a label spelt in more than one way is left as it is everywhere. Checked by rendering the output with
 * micromark and comparing the links it resolves with the input's.
 */
import fc from 'fast-check';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/formats/format.js';
import { extractMarkdown } from '../../src/formats/markdown.js';
import { convertSource } from '../../src/formats/driver.js';
import { convert } from '../../src/node/index.js';
import { convertDocument } from '../../src/node/documents.js';

const s2t = (source: string) => convertDocument(source, { format: 'markdown', config: 's2t' });
/** The targets of the links and images micromark resolves, in order. */
const links = (source: string) => [...micromark(source, { extensions: [gfm()], htmlExtensions: [gfmHtml()] })
  .matchAll(/<(?:a href|img src)="([^"]*)"/g)].map((m) => m[1]);

describe('Markdown reference labels', () => {
  it('converts a label the same way in its references and its definition, so every link still resolves', () => {
    const source = '见[中文][标签]和[标签]和[标签][]，![图片][标签]与![标签]。\n\n[标签]: http://x.cn/ "标题"\n';
    const output = s2t(source);
    expect(output).toBe('見[中文][標籤]和[標籤]和[標籤][]，![圖片][標籤]與![標籤]。\n\n[標籤]: http://x.cn/ "標題"\n');
    expect(links(output)).toEqual(links(source));
    expect(links(output)).toHaveLength(5);
  });

  it('converts the label alone, as it converts anywhere (not with the words around it)', () => {
    // 发 alone is 發; in 头发 it is 髮. The label [发] and its definition agree whatever surrounds the reference.
    const output = s2t('头[发]\n\n[发]: /a\n');
    expect(output).toBe(`頭[${convert('发', 's2t')}]\n\n[${convert('发', 's2t')}]: /a\n`);
    expect(links(output)).toEqual(['/a']);
  });

  it('leaves a label spelt in more than one way as it is everywhere (the spellings could convert apart)', () => {
    const source = '[头  发][] 与 [头 发]\n\n[头 发]: /a\n';
    const output = s2t(source);
    expect(output).toBe('[头  发][] 與 [头 发]\n\n[头 发]: /a\n');
    expect(links(output)).toEqual(['/a', '/a']);
  });

  it('footnote labels are not shown and are left as they are, reference and definition alike', () => {
    expect(s2t('脚注[^注释]。\n\n[^注释]: 注释内容\n')).toBe('腳註[^注释]。\n\n[^注释]: 註釋內容\n');
  });

  it('keeps links resolving on random documents, parsed whole or in parts', () => {
    const label = fc.constantFrom('标签', '头发', '发', '后面', '干部', 'Ab 汉字', '里', 'x');
    const block = fc.oneof(
      label.map((l) => `[${l}]: /${encodeURIComponent(l)}`),
      fc.tuple(fc.constantFrom('', '这里', '头'), label, fc.constantFrom('[]', '', '[标签]', '[发]')).map(([before, l, after]) => `${before}[${l}]${after}后来`),
      label.map((l) => `![图${l}][${l}]`),
      fc.constantFrom('汉字后来', '- 列表[发]', '> [头发]'),
    );
    const document = fc.array(block, { minLength: 1, maxLength: 12 }).map((blocks) => blocks.join('\n\n') + '\n');
    const converter = { convert: (text: string) => convert(text, 's2t') };
    const options = { limits: DEFAULT_LIMITS, retag: null, fonts: null };
    fc.assert(fc.property(document, fc.constantFrom(1, 40, Number.MAX_SAFE_INTEGER), (source, partSize) => {
      const output = convertSource(source, extractMarkdown(source, options, partSize), converter);
      expect(links(output)).toEqual(links(source).map((href) => href));
    }), { numRuns: 200 });
  });
});
