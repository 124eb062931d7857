/**
 * Office documents (fixtures built by LibreOffice, see test/fixtures/office/make-fixtures.sh): the converted XML
 * of every part, the parts that must not change, and the zip entries that hold no text, byte for byte.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { convertDocument, convertDocumentPieces, sniffFormat, type TextChange } from '../../src/node/documents.js';
import { convertOffice, officeFixture, zipRecords } from './helpers.js';

const CONFIG = 's2twp';
const FIXTURES = ['document.docx', 'document.odt', 'spreadsheet.xlsx', 'inline-strings.xlsx', 'spreadsheet.ods',
  'presentation.pptx', 'presentation.odp', 'chart.docx', 'chart.xlsx', 'chart.pptx', 'chart.odt', 'chart.ods', 'chart.odp'];

function converted(file: string, options: { fonts?: boolean } = {}) {
  const original = officeFixture(file);
  const output = convertOffice(original, file, { config: CONFIG, ...options });
  const before = zipRecords(original), after = zipRecords(output);
  const part = (name: string) => strFromU8(after.get(name)!.content);
  const originalPart = (name: string) => strFromU8(before.get(name)!.content);
  return { before, after, part, originalPart };
}

/** The text of every element with this qualified name, in order. */
function texts(xml: string, qname: string): string[] {
  return [...xml.matchAll(new RegExp(`<${qname}(?:\\s[^>]*)?>([^<]*)</${qname}>`, 'g'))].map((m) => m[1]!);
}

/** The markup without the text of these elements: what must not change at all. */
function skeleton(xml: string, qnames: readonly string[]): string {
  return qnames.reduce((s, q) => s.replace(new RegExp(`(<${q}(?:\\s[^>]*)?>)[^<]*(</${q}>)`, 'g'), '$1$2'), xml)
    .replace(/(lang|eastAsia|val|altLang)="zh-(CN|TW)"/g, '$1="zh-?"');
}

const HAN = /[\u3400-\u9fff]/;

describe.each(FIXTURES)('%s', (file) => {
  const { before, after } = converted(file);

  it('keeps the same entries, in the same order', () => {
    expect([...after.keys()]).toEqual([...before.keys()]);
  });

  it('keeps every entry without text byte-identical (raw compressed record)', () => {
    for (const [name, record] of before) {
      const content = strFromU8(record.content);
      if (HAN.test(content) || /zh-CN|"CN"/.test(content)) continue;
      expect(after.get(name)!.raw, name).toEqual(record.raw);
    }
  });

  it('changes nothing but text: every entry differs only where it had Chinese text or tags', () => {
    const changed = [...before].filter(([name, record]) => !Buffer.from(after.get(name)!.raw).equals(Buffer.from(record.raw))).map(([n]) => n);
    expect(changed.length).toBeGreaterThan(0);
    for (const name of changed) expect(HAN.test(strFromU8(before.get(name)!.content)) || /zh-CN|"CN"/.test(strFromU8(before.get(name)!.content)), name).toBe(true);
  });
});

describe('content sniffing', () => {
  it.each([
    ['document.docx', 'docx'], ['spreadsheet.xlsx', 'xlsx'], ['inline-strings.xlsx', 'xlsx'], ['presentation.pptx', 'pptx'],
    ['document.odt', 'odt'], ['spreadsheet.ods', 'ods'], ['presentation.odp', 'odp'],
  ])('%s is %s by its first 64 KB', (file, format) => {
    expect(sniffFormat(officeFixture(file).subarray(0, 64 * 1024))).toBe(format);
  });

  it('a zip that is no Office document is not taken for one', () => {
    expect(sniffFormat(zipSync({ 'word/notes.txt': strToU8('x'), 'readme.txt': strToU8('y') }))).toBeNull();
  });
});

describe('DOCX', () => {
  const { part, originalPart, before, after } = converted('document.docx');
  const body = part('word/document.xml');

  it('converts a word split across runs by formatting as one word, each character in its own run', () => {
    // 软|件 (件 bold) → 軟|體 under s2twp, as in plain text (軟件 if each run were converted alone); 头|发 → 頭|髮.
    expect(convert('软件', CONFIG)).toBe('軟體');
    expect(body).toContain('<w:t>後來他用滑鼠打開了軟</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>體</w:t>');
    expect(body).toContain('<w:t>，看到了她的頭</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>髮</w:t>');
    expect(body).toContain('<w:t>網路</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>軟</w:t></w:r><w:r><w:rPr></w:rPr><w:t>體</w:t>');
  });

  it('changes no markup: formatting, styles, fields, bookmarks and hyperlinks stay', () => {
    expect(skeleton(body, ['w:t', 'w:delText'])).toBe(skeleton(originalPart('word/document.xml'), ['w:t', 'w:delText']));
  });

  it('keeps field codes and hyperlink targets', () => {
    expect(texts(body, 'w:instrText')).toEqual([' REF 软件书签 \\h ']);
    expect(body).toContain('w:name="软件书签"');
    expect(after.get('word/_rels/document.xml.rels')!.raw).toEqual(before.get('word/_rels/document.xml.rels')!.raw);
    expect(strFromU8(before.get('word/_rels/document.xml.rels')!.content)).toContain('https://example.com/软件/头发');
  });

  it('converts tracked insertions and deletions and keeps the revision marks', () => {
    expect(body).toMatch(/<w:ins w:id="0" w:author="编者"[^>]*><w:r><w:rPr><\/w:rPr><w:t>新的軟體<\/w:t><\/w:r><\/w:ins>/);
    expect(body).toMatch(/<w:del w:id="1" w:author="编者"[^>]*><w:r><w:rPr><\/w:rPr><w:delText>舊的記憶體模組<\/w:delText><\/w:r><\/w:del>/);
  });

  it('converts tables, text boxes (both the shape and its VML fallback), headers, footers, notes and comments', () => {
    expect(texts(body, 'w:t')).toEqual(expect.arrayContaining(['資訊科技', '文本框裡的滑鼠和軟體', '書籤裡的軟體']));
    expect(texts(body, 'w:t').filter((t) => t === '文本框裡的滑鼠和軟體')).toHaveLength(2);
    expect(texts(part('word/header1.xml'), 'w:t')).toEqual(['頁首：軟體公司的頭髮']);
    expect(texts(part('word/footer1.xml'), 'w:t')).toEqual(['頁尾：第', '1', '頁 後來']);
    expect(texts(part('word/footer1.xml'), 'w:instrText')).toEqual([' PAGE ']);
    expect(texts(part('word/footnotes.xml'), 'w:t')).toContain('腳註：記憶體不足，請關閉軟體。');
    expect(texts(part('word/endnotes.xml'), 'w:t')).toContain('尾註：印表機的驅動程式。');
    const comments = part('word/comments.xml');
    expect(texts(comments, 'w:t')).toEqual(['批註：請檢查這個軟體的網路設定。']);
    expect(comments).toContain('w:author="审阅者"'); // names are not converted
  });

  it('converts the title, subject, keywords and description; retags dc:language', () => {
    const core = part('docProps/core.xml');
    expect(texts(core, 'dc:title')).toEqual(['軟體開發指南']);
    expect(texts(core, 'dc:subject')).toEqual(['頭髮護理與滑鼠']);
    expect(texts(core, 'cp:keywords')).toEqual(['軟體 滑鼠']);
    expect(texts(core, 'dc:description')).toEqual(['這是一份關於軟體的文件。']);
    expect(texts(core, 'dc:language')).toEqual(['zh-TW']);
    expect(texts(core, 'dc:creator')).toEqual(['作者']);
  });

  it('retags w:lang to the target and leaves fonts alone without the fonts option', () => {
    const styles = part('word/styles.xml');
    expect(styles).toContain('<w:lang w:val="en-US" w:eastAsia="zh-TW" w:bidi="hi-IN"/>');
    expect(styles).toContain('w:eastAsia="SimSun"');
    expect(body).toContain('<w:rFonts w:eastAsia="Microsoft YaHei"/>');
    expect(after.get('word/fontTable.xml')!.raw).toEqual(before.get('word/fontTable.xml')!.raw);
  });

  it('maps East Asian fonts with the fonts option', () => {
    const withFonts = converted('document.docx', { fonts: true });
    expect(withFonts.part('word/styles.xml')).toContain('w:eastAsia="PMingLiU"');
    expect(withFonts.part('word/document.xml')).toContain('<w:rFonts w:eastAsia="Microsoft JhengHei"/>');
  });
});

describe('XLSX', () => {
  const { part, originalPart, before, after } = converted('spreadsheet.xlsx');

  it('converts shared strings as whole strings, rich runs included', () => {
    const strings = part('xl/sharedStrings.xml');
    expect(texts(strings, 't')).toEqual(['產品', '數量', '說明', '軟', '體', '頭髮護理', '滑鼠', '軟體', '後來的資訊', '總計軟體']);
    expect(skeleton(strings, ['t'])).toBe(skeleton(originalPart('xl/sharedStrings.xml'), ['t']));
  });

  it('keeps formulas, cached formula results, sheet names, defined names and number formats', () => {
    for (const name of ['xl/workbook.xml', 'xl/styles.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']) {
      expect(after.get(name)!.raw, name).toEqual(before.get(name)!.raw);
    }
    expect(originalPart('xl/worksheets/sheet1.xml')).toContain('<f aca="false">CONCATENATE(&quot;软件:&quot;,A3)</f><v>软件:鼠标</v>');
    expect(originalPart('xl/workbook.xml')).toContain('name="软件范围"');
    expect(originalPart('xl/styles.xml')).toContain('formatCode="General&quot;个软件&quot;"');
  });

  it('converts cell comments, not their authors', () => {
    const comments = part('xl/comments1.xml');
    expect(comments).toContain('批註：滑鼠的價格');
    expect(comments).toContain('经理');
  });

  it('keeps strings that name a table column or a pivot field (formulas and pivot tables refer to them)', () => {
    const files = unzipSync(officeFixture('spreadsheet.xlsx'));
    files['xl/tables/table1.xml'] = strToU8('<?xml version="1.0" encoding="UTF-8"?><table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
      'id="1" name="表1" displayName="表1" ref="A1:C4"><tableColumns count="3"><tableColumn id="1" name="产品"/><tableColumn id="2" name="数量"/>' +
      '<tableColumn id="3" name="说明"/></tableColumns></table>');
    files['[Content_Types].xml'] = strToU8(strFromU8(files['[Content_Types].xml']!).replace('</Types>',
      '<Override PartName="/xl/tables/table1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/></Types>'));
    const output = convertOffice(zipSync(files), 'with-table.xlsx', { config: CONFIG });
    const strings = strFromU8(zipRecords(output).get('xl/sharedStrings.xml')!.content);
    expect(texts(strings, 't').slice(0, 5)).toEqual(['产品', '数量', '说明', '軟', '體']);
    expect(strFromU8(zipRecords(output).get('xl/tables/table1.xml')!.content)).toContain('name="产品"');
  });

  it('converts inline strings', () => {
    const inline = converted('inline-strings.xlsx');
    const sheet = inline.part('xl/worksheets/sheet1.xml');
    expect(sheet).toMatch(/<c r="A2"[^>]*t="inlineStr"[^>]*><is><r>.*?<t xml:space="preserve">軟<\/t><\/r><r>.*?<t xml:space="preserve">體<\/t><\/r><\/is><\/c>/);
    expect(sheet).toContain('<f aca="false">CONCATENATE(&quot;软件:&quot;,A3)</f><v>软件:鼠标</v>');
  });
});

describe('PPTX', () => {
  const { part, originalPart } = converted('presentation.pptx');

  it('converts slide text across runs and retags lang', () => {
    const slide = part('ppt/slides/slide1.xml');
    expect(texts(slide, 'a:t')).toEqual(['新的軟', '體', '釋出', '後來我們用滑鼠', '她的頭', '髮', '很長']);
    expect(slide).not.toContain('lang="zh-CN"');
    expect(slide).toContain('lang="zh-TW"');
    expect(skeleton(slide, ['a:t'])).toBe(skeleton(originalPart('ppt/slides/slide1.xml'), ['a:t']));
  });

  it('converts notes and shapes', () => {
    expect(texts(part('ppt/notesSlides/notesSlide1.xml'), 'a:t')).toContain('備註：記得演示印表機和網路。');
    expect(texts(part('ppt/slides/slide2.xml'), 'a:t')).toEqual(['資訊與記憶體', '形狀裡的計算機軟體']);
  });
});

describe('OpenDocument', () => {
  it('ODT: paragraphs across spans, notes, comments, frames, tracked deletions, headers, properties', () => {
    const { part, originalPart } = converted('document.odt');
    const content = part('content.xml');
    expect(content).toMatch(/後來他用滑鼠打開了軟<text:span text:style-name="[^"]+">體<\/text:span>，看到了她的頭<text:span text:style-name="[^"]+">髮<\/text:span>/);
    expect(content).toContain('<text:p text:style-name="Standard">舊的記憶體模組</text:p>'); // the deleted paragraph
    expect(content).toContain('腳註：記憶體不足，請關閉軟體。');
    expect(content).toContain('批註：請檢查這個軟體的網路設定。');
    expect(content).toContain('<dc:creator>审阅者</dc:creator>');
    expect(content).toContain('文本框裡的滑鼠和軟體');
    expect(content).toContain('xlink:href="https://example.com/软件/头发"');
    expect(content).toContain('text:ref-name="软件书签"');
    expect(part('styles.xml')).toContain('頁首：軟體公司的頭髮');
    expect(part('styles.xml')).toContain('style:language-asian="zh" style:country-asian="TW"');
    expect(originalPart('styles.xml')).toContain('style:language-asian="zh" style:country-asian="CN"');
    const meta = part('meta.xml');
    expect(texts(meta, 'dc:title')).toEqual(['軟體開發指南']);
    expect(texts(meta, 'meta:keyword')).toEqual(['軟體', '滑鼠']);
    expect(texts(meta, 'dc:language')).toEqual(['zh-TW']);
  });

  it('ODS: string cells converted; formulas, their results, number renderings and names kept', () => {
    const { part } = converted('spreadsheet.ods');
    const content = part('content.xml');
    expect(content).toContain('table:name="销售数据"');
    expect(content).toContain('table:name="软件范围"');
    expect(content).toMatch(/table:formula="of:=CONCATENATE\(&quot;软件:&quot;;\[\.A3\]\)"[^>]*><text:p>软件:鼠标<\/text:p>/);
    expect(content).toContain('<text:p>12个软件</text:p>');
    expect(content).toContain('<text:p>頭髮護理</text:p>');
    expect(part('styles.xml')).toContain('<number:text>个软件</number:text>');
  });

  it('ODP: slides and notes', () => {
    const { part } = converted('presentation.odp');
    const content = part('content.xml');
    expect(content).toContain('備註：記得演示印表機和網路。');
    expect(content).toContain('形狀裡的計算機軟體');
    expect(content).toContain('draw:name="第一页"');
  });
});

describe('charts and diagrams', () => {
  const CHART_PARTS = { 'chart.docx': 'word/charts/chart1.xml', 'chart.xlsx': 'xl/charts/chart1.xml', 'chart.pptx': 'ppt/charts/chart1.xml' };

  it.each(Object.entries(CHART_PARTS))('%s: titles and cached labels converted, formula references and numbers kept', (file, name) => {
    const { part, originalPart } = converted(file);
    const before = originalPart(name), after = part(name);
    expect(texts(after, 'a:t')).toEqual(texts(before, 'a:t').map((t) => convert(t, CONFIG)));
    expect(texts(after, 'a:t')).toContain('軟體開發的頭髮問題');
    // Every cached point: a series name or category is converted, a number stays.
    const labels = texts(before, 'c:v');
    expect(labels).toEqual(expect.arrayContaining(['软件开发', '头发护理', '这里的干部', '12']));
    expect(texts(after, 'c:v')).toEqual(labels.map((v) => convert(v, CONFIG)));
    expect(texts(after, 'c:v')).toEqual(expect.arrayContaining(['軟體開發', '頭髮護理', '這裡的幹部', '12']));
    // Formula references (the sheet 数据 keeps its name, as sheet names do) and the rest of the markup are untouched.
    expect(texts(after, 'c:f')).toEqual(texts(before, 'c:f'));
    expect(skeleton(after, ['a:t', 'c:v'])).toBe(skeleton(before, ['a:t', 'c:v']));
  });

  it('keeps the numeric caches of a chart: numbers are never text, even when they look like it', () => {
    const { part } = converted('chart.xlsx');
    expect(part('xl/charts/chart1.xml')).toMatch(/<c:numCache><c:formatCode>General<\/c:formatCode><c:ptCount val="3"\/><c:pt idx="0"><c:v>12<\/c:v>/);
    // A hand-made cache whose "numbers" are Chinese: inside c:numRef / c:numLit nothing is converted.
    const bytes = officeFixture('chart.xlsx');
    const files = unzipSync(bytes);
    const chart = strFromU8(files['xl/charts/chart1.xml']!).replace('<c:v>12</c:v>', '<c:v>发</c:v>');
    files['xl/charts/chart1.xml'] = strToU8(chart);
    const out = strFromU8(unzipSync(convertOffice(zipSync(files), 'chart.xlsx', { config: CONFIG }))['xl/charts/chart1.xml']!);
    expect(out).toContain('<c:v>发</c:v>');
    expect(out).toContain('<c:v>軟體開發</c:v>');
  });

  it.each(['chart.odt', 'chart.ods', 'chart.odp'])('%s: the embedded chart object (Object 1/content.xml) is converted, its numbers kept', (file) => {
    const { part, originalPart } = converted(file);
    const before = originalPart('Object 1/content.xml'), after = part('Object 1/content.xml');
    expect(texts(before, 'text:p')).toEqual(expect.arrayContaining(['软件开发的头发问题', '鼠标类别', '软件数量', '12']));
    expect(texts(after, 'text:p')).toEqual(texts(before, 'text:p').map((t) => convert(t, CONFIG)));
    expect(after).toContain('<text:p>軟體開發的頭髮問題</text:p>');
    expect(after).toContain('<text:p>12</text:p>');
    // The rest is untouched, the ranges a spreadsheet chart's cells were read from (svg:desc) included.
    expect(skeleton(after, ['text:p'])).toBe(skeleton(before, ['text:p']));
  });

  it('converts SmartArt: the diagram data and its drawing, the layout definitions untouched', () => {
    // LibreOffice does not write SmartArt, so the diagram parts are added by hand to a presentation it made.
    const files = unzipSync(officeFixture('presentation.pptx'));
    const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
    const point = (id: string, text: string) => `<dgm:pt modelId="${id}"><dgm:prSet phldrT="[文本]"/><dgm:spPr/><dgm:t><a:bodyPr/>` +
      `<a:p><a:r><a:rPr lang="zh-CN" altLang="en-US"/><a:t>${text.slice(0, 1)}</a:t></a:r><a:r><a:rPr lang="zh-CN" b="1"/><a:t>${text.slice(1)}</a:t></a:r></a:p></dgm:t></dgm:pt>`;
    files['ppt/diagrams/data1.xml'] = strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      `<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="${A}"><dgm:ptLst>` +
      `${point('{1}', '软件开发')}${point('{2}', '头发护理')}</dgm:ptLst><dgm:cxnLst/><dgm:bg/><dgm:whole/></dgm:dataModel>`);
    files['ppt/diagrams/drawing1.xml'] = strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      `<dsp:drawing xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" xmlns:a="${A}"><dsp:spTree><dsp:sp modelId="{3}">` +
      '<dsp:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>软件开发</a:t></a:r></a:p></dsp:txBody></dsp:sp></dsp:spTree></dsp:drawing>');
    const layout = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><dgm:layoutDef xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" uniqueId="urn:基本"><dgm:title val="基本列表"/></dgm:layoutDef>';
    files['ppt/diagrams/layout1.xml'] = strToU8(layout);
    const types = strFromU8(files['[Content_Types].xml']!).replace('</Types>',
      '<Override PartName="/ppt/diagrams/data1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml"/>' +
      '<Override PartName="/ppt/diagrams/drawing1.xml" ContentType="application/vnd.ms-office.drawingml.diagramDrawing+xml"/>' +
      '<Override PartName="/ppt/diagrams/layout1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.diagramLayout+xml"/></Types>');
    files['[Content_Types].xml'] = strToU8(types);
    const out = unzipSync(convertOffice(zipSync(files), 'diagram.pptx', { config: CONFIG }));
    const data = strFromU8(out['ppt/diagrams/data1.xml']!);
    expect(texts(data, 'a:t')).toEqual(['軟', '體開發', '頭', '髮護理']); // split across runs, converted whole
    expect(data).toContain('phldrT="[文本]"'); // attributes stay
    expect(strFromU8(out['ppt/diagrams/drawing1.xml']!)).toContain('<a:t>軟體開發</a:t>');
    expect(strFromU8(out['ppt/diagrams/layout1.xml']!)).toBe(layout);
  });
});

describe('output pieces and changes', () => {
  it('convertDocumentPieces gives the bytes of convertDocument, the unchanged entries as views of the input', () => {
    const original = officeFixture('document.docx');
    const pieces = convertDocumentPieces(original, { format: 'docx', config: CONFIG });
    expect(Buffer.concat(pieces)).toEqual(Buffer.from(convertDocument(original, { format: 'docx', config: CONFIG })));
    const views = pieces.filter((piece) => piece.buffer === original.buffer);
    expect(views.length).toBeGreaterThan(3); // images, styles, settings… never copied
    for (const view of views) expect(Buffer.from(original).indexOf(Buffer.from(view))).toBeGreaterThanOrEqual(0);
  });

  it('tells onChange the entry, the paragraph and the offset in it', () => {
    const changes: TextChange[] = [];
    convertDocument(officeFixture('document.docx'), { format: 'docx', config: CONFIG, onChange: (c) => changes.push(c) });
    const hair = changes.find((c) => c.entry === 'word/document.xml' && c.paragraph === 'paragraph 2' && c.from === '头发');
    expect(hair).toMatchObject({ to: '頭髮', offset: 17 }); // 后来他用鼠标打开了软件，看到了她的 is 17 characters
    // index is the position in the part's XML: the split phrase starts there (头, before the italic run's 发).
    const xml = strFromU8(zipRecords(officeFixture('document.docx')).get('word/document.xml')!.content);
    expect(xml.slice(hair!.index, hair!.index + 1)).toBe('头');
  });
});
