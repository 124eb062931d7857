/** The text of Office XML parts: paragraphs across runs, namespaces, entities, separators, tracked changes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConverter } from '../../src/node/index.js';
import { convertSource, type TextConverter } from '../../src/formats/driver.js';
import { ooxmlRules } from '../../src/formats/office/ooxml.js';
import { extractXmlText } from '../../src/formats/office/xml-text.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const converter = createConverter('s2twp');
const invalid = (reason: string) => new Error(reason);
/** The converter with its changes (from explain), which place a conversion of another length exactly. */
const textConverter: TextConverter = {
  convert: (text) => converter.convert(text),
  changes: (text) => ({
    text: converter.convert(text),
    changes: converter.explain(text).map((span) => ({ index: span.index, from: span.source, to: span.target })),
  }),
};

function word(body: string, rules = ooxmlRules(null, null)): string {
  const source = `<w:document ${W}><w:body>${body}</w:body></w:document>`;
  const out = convertSource(source, extractXmlText(source, rules, invalid), textConverter);
  return out.slice(out.indexOf('<w:body>') + 8, out.indexOf('</w:body>'));
}

describe('Office XML text', () => {
  it('converts a paragraph as one text and keeps each character in its run', () => {
    expect(word('<w:p><w:r><w:t>软</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>件</w:t></w:r></w:p>'))
      .toBe('<w:p><w:r><w:t>軟</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>體</w:t></w:r></w:p>');
  });

  it('places a phrase whose conversion changes length in the run where it starts', () => {
    // s2twp: U盘 → 隨身碟 (2 → 3 characters).
    expect(converter.convert('U盘')).toBe('隨身碟');
    expect(word('<w:p><w:r><w:t>U</w:t></w:r><w:r><w:t>盘和</w:t></w:r></w:p>')).toBe('<w:p><w:r><w:t>隨身碟</w:t></w:r><w:r><w:t>和</w:t></w:r></w:p>');
  });

  it('resolves namespaces: any prefix, or the default namespace', () => {
    const source = `<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:p><x:r><x:t>软</x:t></x:r><x:r><x:t>件</x:t></x:r></x:p>` +
      `<p xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><r><t>头</t></r><r><t>发</t></r></p><w:t xmlns:w="urn:other">软件</w:t></x:document>`;
    expect(convertSource(source, extractXmlText(source, ooxmlRules(null, null), invalid), converter)).toBe(source
      .replace('<x:t>软</x:t>', '<x:t>軟</x:t>').replace('<x:t>件</x:t>', '<x:t>體</x:t>').replace('<t>头</t>', '<t>頭</t>').replace('<t>发</t>', '<t>髮</t>'));
  });

  it('reads entities as context, never rewriting them', () => {
    expect(word('<w:p><w:r><w:t>软件&amp;&#x8F6F;件 &lt;头发&gt;</w:t></w:r></w:p>')).toBe('<w:p><w:r><w:t>軟體&amp;&#x8F6F;體 &lt;頭髮&gt;</w:t></w:r></w:p>');
  });

  it('a tab or break between runs separates words', () => {
    expect(word('<w:p><w:r><w:t>软</w:t></w:r><w:r><w:tab/><w:t>件</w:t></w:r></w:p>')).toBe('<w:p><w:r><w:t>軟</w:t></w:r><w:r><w:tab/><w:t>件</w:t></w:r></w:p>');
    expect(word('<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>软</w:t></w:r><w:r><w:t>件</w:t></w:r></w:p>'))
      .toContain('<w:t>軟</w:t></w:r><w:r><w:t>體</w:t>');
  });

  it('a text box inside a run is a paragraph of its own, not part of the outer one', () => {
    const out = word('<w:p><w:r><w:t>软</w:t></w:r><w:r><w:txbxContent><w:p><w:r><w:t>头发</w:t></w:r></w:p></w:txbxContent></w:r><w:r><w:t>件</w:t></w:r></w:p>');
    expect(out).toBe('<w:p><w:r><w:t>軟</w:t></w:r><w:r><w:txbxContent><w:p><w:r><w:t>頭髮</w:t></w:r></w:p></w:txbxContent></w:r><w:r><w:t>體</w:t></w:r></w:p>');
  });

  it('converts deleted text in the paragraph as it was, and inserted text in the paragraph as it is', () => {
    // As it is: 软 + (inserted) 件 → 軟體; as it was: 软 + (deleted) 件 → 軟體 too.
    expect(word('<w:p><w:r><w:t>软</w:t></w:r><w:ins w:id="1"><w:r><w:t>件</w:t></w:r></w:ins><w:del w:id="2"><w:r><w:delText>件</w:delText></w:r></w:del></w:p>'))
      .toBe('<w:p><w:r><w:t>軟</w:t></w:r><w:ins w:id="1"><w:r><w:t>體</w:t></w:r></w:ins><w:del w:id="2"><w:r><w:delText>體</w:delText></w:r></w:del></w:p>');
  });

  it('converts alt text and tooltips, not object names', () => {
    const source = `<w:document ${W} xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body><w:p>` +
      '<w:hyperlink r:id="rId2" w:tooltip="打开软件&amp;头发"><w:r><w:t>链接</w:t></w:r></w:hyperlink>' +
      '<w:r><w:drawing><wp:inline><wp:docPr id="1" name="软件图" descr="鼠标的图片" title="头发"/></wp:inline></w:drawing></w:r></w:p></w:body></w:document>';
    const out = convertSource(source, extractXmlText(source, ooxmlRules(null, null), invalid), textConverter);
    expect(out).toBe(source.replace('打开软件&amp;头发', `${converter.convert('打开软件')}&amp;頭髮`).replace('>链接<', '>連結<')
      .replace('descr="鼠标的图片" title="头发"', 'descr="滑鼠的圖片" title="頭髮"'));
    expect(out).toContain('name="软件图"');
  });

  it('reads a ruby base as text and leaves its reading guide alone', () => {
    expect(word('<w:p><w:r><w:ruby><w:rt><w:r><w:t>ruǎn</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>软</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>件</w:t></w:r></w:p>'))
      .toBe('<w:p><w:r><w:ruby><w:rt><w:r><w:t>ruǎn</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>軟</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>體</w:t></w:r></w:p>');
  });

  it('leaves field codes, form data and attributes alone', () => {
    const body = '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "软件"</w:instrText></w:r>' +
      '<w:r><w:t>软件</w:t></w:r><w:bookmarkStart w:name="软件"/></w:p>';
    expect(word(body)).toBe(body.replace('<w:t>软件</w:t>', '<w:t>軟體</w:t>'));
  });

  it('retags languages and maps fonts only when asked', () => {
    const body = '<w:p><w:r><w:rPr><w:rFonts w:eastAsia="SimSun"/><w:lang w:eastAsia="zh-CN"/></w:rPr><w:t>后</w:t></w:r></w:p>';
    expect(word(body)).toBe(body.replace('>后<', '>後<'));
    const retagged = word(body, ooxmlRules((tag) => (tag === 'zh-CN' ? 'zh-TW' : null), new Map([['simsun', 'PMingLiU']])));
    expect(retagged).toBe('<w:p><w:r><w:rPr><w:rFonts w:eastAsia="PMingLiU"/><w:lang w:eastAsia="zh-TW"/></w:rPr><w:t>後</w:t></w:r></w:p>');
  });

  it('converts spreadsheet headers and footers between their codes', () => {
    const sheet = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><headerFooter>' +
      '<oddHeader>&amp;L&amp;"宋体,常规"&amp;12软件&amp;&amp;头发&amp;C&amp;P</oddHeader><oddFooter>&amp;K00FF00后来&amp;A</oddFooter></headerFooter></worksheet>';
    const out = convertSource(sheet, extractXmlText(sheet, ooxmlRules(null, null), invalid), textConverter);
    expect(out).toBe(sheet.replace('12软件&amp;&amp;头发', '12軟體&amp;&amp;頭髮').replace('后来', '後來'));
  });

  it('refuses malformed markup with a reason', () => {
    for (const bad of ['<w:p><w:r>', '<w:p></w:q>', `<w:p ${W} a=1></w:p>`, '<!-- x', `<w:t ${W}>&bogus;</w:t>`, `<w:t ${W}>a &amp b</w:t>`]) {
      expect(() => extractXmlText(bad, ooxmlRules(null, null), invalid)).toThrow();
    }
  });

  it('deep nesting costs no stack (explicit stack)', () => {
    const depth = 200_000;
    const source = `<w:document ${W}>${'<w:sdt>'.repeat(depth)}<w:p><w:r><w:t>软件</w:t></w:r></w:p>${'</w:sdt>'.repeat(depth)}</w:document>`;
    expect(extractXmlText(source, ooxmlRules(null, null), invalid).paragraphs).toHaveLength(1);
  });

  it('property: with only text changed, the markup outside the text elements is untouched', () => {
    const run = fc.tuple(fc.constantFrom('', '<w:rPr><w:b/></w:rPr>', '<w:rPr><w:i/></w:rPr>'), fc.string({ unit: fc.constantFrom(...'软件头发后来干部并没有于这里 &<>') }));
    fc.assert(fc.property(fc.array(fc.array(run, { maxLength: 5 }), { maxLength: 4 }), (paragraphs) => {
      const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const body = paragraphs.map((runs) => `<w:p>${runs.map(([props, text]) => `<w:r>${props}<w:t>${escape(text)}</w:t></w:r>`).join('')}</w:p>`).join('');
      const out = word(body);
      expect(out.replace(/<w:t>[^<]*<\/w:t>/g, '<w:t/>')).toBe(body.replace(/<w:t>[^<]*<\/w:t>/g, '<w:t/>'));
      // Each paragraph reads as the whole text converted.
      const read = (xml: string) => [...xml.matchAll(/<w:p>(.*?)<\/w:p>/g)].map((m) => [...m[1]!.matchAll(/<w:t>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')
        .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
      expect(read(out)).toEqual(read(body).map((text) => converter.convert(text)));
    }), { numRuns: 200, interruptAfterTimeLimit: 10_000 });
  });
});
