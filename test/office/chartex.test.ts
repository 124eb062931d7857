/**
 * Office 2016 charts (chartex, cx:): their text is converted — literal titles and series names (cx:v), the cached
 * labels of string dimensions (cx:pt), rich titles (a:p) — while formulas (cx:f, cx:nf), numeric dimensions and
 * number formats stay byte-identical. The fixture is hand-written (LibreOffice cannot produce chartex; see
 * test/fixtures/office/chartex/README.md) and zipped here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../src/node/documents.js';
import { officeFixtures } from './helpers.js';

const root = fileURLToPath(new URL('chartex/', officeFixtures));

function chartexDocx(): Uint8Array {
  const files: Zippable = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'README.md') files[relative(root, path)] = new Uint8Array(readFileSync(path));
    }
  };
  walk(root);
  return zipSync(files);
}

const PART = 'word/charts/chartEx1.xml';

describe('chartex (cx:) charts', () => {
  const original = strFromU8(unzipSync(chartexDocx())[PART]!);
  const converted = strFromU8(unzipSync(convertDocument(chartexDocx(), { format: 'docx', config: 's2twp' }))[PART]!);

  it('converts the cached labels of a string dimension, literal titles and series names, and rich titles', () => {
    const points = (xml: string) => [...xml.matchAll(/<cx:strDim[\s\S]*?<\/cx:strDim>/g)].flatMap((m) => [...m[0].matchAll(/<cx:pt idx="\d">([^<]*)<\/cx:pt>/g)].map((p) => p[1]));
    expect(points(original)).toEqual(['苹果软件', '头发护理', '鼠标', '后来']);
    expect(points(converted)).toEqual(['蘋果軟體', '頭髮護理', '滑鼠', '後來']);
    expect(converted).toContain('<cx:title pos="t" align="ctr" overlay="0"><cx:tx><cx:txData><cx:v>軟體的銷售額</cx:v>');
    expect(converted).toContain('<cx:f>工作表1!$B$1</cx:f><cx:v>數量（個）</cx:v>');
    // A rich axis title whose 头|发 is split across runs reads 頭|髮, each character in its run; its language follows.
    expect(converted).toContain('<a:r><a:rPr lang="zh-TW" altLang="en-US"/><a:t>類別</a:t></a:r><a:r><a:rPr lang="zh-TW" b="1"/><a:t>與頭</a:t></a:r><a:r><a:rPr lang="zh-TW"/><a:t>髮</a:t></a:r>');
  });

  it('keeps formulas, numeric dimensions and number formats byte for byte', () => {
    const kept = (xml: string) => [
      ...[...xml.matchAll(/<cx:numDim[\s\S]*?<\/cx:numDim>/g)].map((m) => m[0]),
      ...[...xml.matchAll(/<cx:(n?f)\b[^>]*>[^<]*<\/cx:\1>/g)].map((m) => m[0]),
      ...[...xml.matchAll(/<cx:numFmt [^>]*\/>/g)].map((m) => m[0]),
    ];
    expect(kept(original)).toHaveLength(7); // the numeric dimension, three formulas, two name formulas, the label format
    expect(kept(converted)).toEqual(kept(original));
    expect(converted).toContain('<cx:lvl ptCount="4" formatCode="0&quot;个&quot;"><cx:pt idx="0">12</cx:pt>');
    // Outside the text, the part is unchanged: removing the text elements from both leaves the same markup.
    const markup = (xml: string) => xml.replace(/<(cx:v|cx:pt|a:t)\b[^>]*>[^<]*<\/\1>/g, '').replace(/lang="zh-[A-Z]{2}"/g, '');
    expect(markup(converted)).toBe(markup(original));
  });

  it('the document around it: alt text and the fallback text are converted, the chart reference stays', () => {
    const document = strFromU8(unzipSync(convertDocument(chartexDocx(), { format: 'docx', config: 's2twp' }))['word/document.xml']!);
    expect(document).toContain('descr="軟體銷售額的瀑布圖"');
    expect(document).toContain('<cx1:chart r:id="rId1"/>');
    expect(document).toContain('<mc:Fallback><w:t>此圖表需要新版本的 Office。</w:t></mc:Fallback>');
  });
});
