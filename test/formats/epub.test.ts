/** EPUB: built in the test, converted, reopened and checked entry by entry. */
import { strFromU8, strToU8, unzipSync, zipSync, type UnzipFileInfo } from 'fflate';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../src/node/documents.js';
import { convert, FanjianError } from '../../src/node/index.js';

const opf = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:书:汉字-001</dc:identifier>
    <dc:title>汉字的头发</dc:title>
    <dc:creator>作者后来</dc:creator>
    <dc:description>这是一本关于软件的书。</dc:description>
    <dc:language>zh-CN</dc:language>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="c1" href="text/第一章.xhtml" media-type="application/xhtml+xml"/>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="cover" href="images/封面.png" media-type="image/png"/>
  </manifest>
  <spine toc="ncx"><itemref idref="c1"/></spine>
</package>`;
const chapter = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="zh-CN" lang="zh-CN">
<head><title>第一章 头发</title><link rel="stylesheet" href="../style.css"/></head>
<body><h1>第一章 头发</h1><p>后来他用鼠标打开了软件。<img src="../images/封面.png" alt="封面图"/></p>
<p><code>汉字 = 1</code></p></body></html>`;
const nav = `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>
<nav epub:type="toc"><ol><li><a href="text/第一章.xhtml">第一章 头发</a></li></ol></nav></body></html>`;
const ncx = `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head><meta name="dtb:uid" content="urn:书:汉字-001"/></head>
<docTitle><text>汉字的头发</text></docTitle>
<navMap><navPoint id="p1" playOrder="1"><navLabel><text>第一章 头发</text></navLabel><content src="text/第一章.xhtml"/></navPoint></navMap></ncx>`;
const css = `h1 { font-family: "黑体"; } p::before { content: "头发"; }`;
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 300 }, (_, i) => (i * 37) % 256)]);
const font = Uint8Array.from(Array.from({ length: 500 }, (_, i) => (i * 101 + 7) % 256));

function makeEpub(): Uint8Array {
  return zipSync({
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(`<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`),
    'OEBPS/content.opf': strToU8(opf),
    'OEBPS/text/第一章.xhtml': strToU8(chapter),
    'OEBPS/nav.xhtml': strToU8(nav),
    'OEBPS/toc.ncx': strToU8(ncx),
    'OEBPS/style.css': strToU8(css),
    'OEBPS/images/封面.png': [png, { level: 0 }],
    'OEBPS/fonts/字体.woff': font,
  });
}

function entries(bytes: Uint8Array): { names: string[]; files: Record<string, Uint8Array> } {
  const names: string[] = [];
  const files = unzipSync(bytes, { filter: (f: UnzipFileInfo) => (names.push(f.name), true) });
  return { names, files };
}

describe('EPUB', () => {
  const original = makeEpub();
  const output = convertDocument(original, { format: 'epub', config: 's2tw' });
  const before = entries(original);
  const after = entries(output);
  const text = (name: string) => strFromU8(after.files[name]!);

  it('writes a valid EPUB: mimetype first and stored, the same entries in the same order', () => {
    const view = new DataView(output.buffer, output.byteOffset);
    expect(view.getUint32(0, true)).toBe(0x04034b50); // a local file header
    expect(view.getUint16(8, true)).toBe(0); // stored
    expect(strFromU8(output.subarray(30, 38))).toBe('mimetype');
    expect(strFromU8(after.files.mimetype!)).toBe('application/epub+zip');
    expect(after.names).toEqual(before.names);
  });

  it('keeps images, fonts and styles byte-identical', () => {
    for (const name of ['OEBPS/images/封面.png', 'OEBPS/fonts/字体.woff', 'OEBPS/style.css', 'META-INF/container.xml']) {
      expect(after.files[name]).toEqual(before.files[name]);
    }
  });

  it('converts the content documents, keeping code, URLs and file names', () => {
    expect(text('OEBPS/text/第一章.xhtml')).toBe(chapter
      .replace('xml:lang="zh-CN" lang="zh-CN"', 'xml:lang="zh-TW" lang="zh-TW"')
      .replaceAll('第一章 头发', convert('第一章 头发', 's2tw'))
      .replace('后来他用鼠标打开了软件。', convert('后来他用鼠标打开了软件。', 's2tw'))
      .replace('alt="封面图"', `alt="${convert('封面图', 's2tw')}"`));
    expect(text('OEBPS/nav.xhtml')).toBe(nav.replace('>第一章 头发<', `>${convert('第一章 头发', 's2tw')}<`));
  });

  it('converts the table of contents and the metadata, and sets dc:language', () => {
    expect(text('OEBPS/toc.ncx')).toBe(ncx
      .replace('<text>汉字的头发</text>', `<text>${convert('汉字的头发', 's2tw')}</text>`)
      .replace('<text>第一章 头发</text>', `<text>${convert('第一章 头发', 's2tw')}</text>`));
    expect(text('OEBPS/content.opf')).toBe(opf
      .replace('<dc:title>汉字的头发</dc:title>', `<dc:title>${convert('汉字的头发', 's2tw')}</dc:title>`)
      .replace('<dc:creator>作者后来</dc:creator>', `<dc:creator>${convert('作者后来', 's2tw')}</dc:creator>`)
      .replace('这是一本关于软件的书。', convert('这是一本关于软件的书。', 's2tw'))
      .replace('<dc:language>zh-CN</dc:language>', '<dc:language>zh-TW</dc:language>'));
  });

  it('rejects a zip that is not an EPUB, and bytes that are not a zip', () => {
    const notEpub = zipSync({ 'a.txt': strToU8('汉字') });
    expect(() => convertDocument(notEpub, { format: 'epub', config: 's2tw' })).toThrow(/Not a valid EPUB: no "mimetype"/);
    try {
      convertDocument(strToU8('not a zip at all'), { format: 'epub', config: 's2tw' });
      expect.unreachable();
    } catch (error) {
      expect((error as FanjianError).code).toBe('INVALID_DOCUMENT');
    }
  });
});
