/**
 * --explain on an EPUB: each change is named by its entry and its line and column there, taken from the driver's
 * ranges (a word split by markup is one note where it starts), and the position points at the original bytes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { convertDocument, type TextChange } from '../../src/node/documents.js';
import { fanjian, temporaryFolder } from '../cli/helpers.js';

const chapter = `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>头发</title></head>
<body><p>后来他用鼠标打开了<b>软</b>件。</p>
<p title="这里">这里的干部 &amp; 汉字</p></body></html>`;
const opf = '<?xml version="1.0"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="3.0">\n' +
  '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>汉字</dc:title></metadata>\n' +
  '<manifest><item id="c" href="text/c.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c"/></spine></package>';

function epub(): Uint8Array {
  return zipSync({
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8('<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" ' +
      'version="1.0"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>'),
    'content.opf': strToU8(opf),
    'text/c.xhtml': strToU8(chapter),
  });
}

/** Line and column (1-based, UTF-16 units) of an index, computed here independently of the code under test. */
function lineColumn(text: string, index: number): string {
  const before = text.slice(0, index).split('\n');
  return `line ${before.length}:${before[before.length - 1]!.length + 1}`;
}

describe('EPUB --explain positions', () => {
  it('onChange names the entry, and index points at the change in that entry', () => {
    const changes: TextChange[] = [];
    convertDocument(epub(), { format: 'epub', config: 's2twp', onChange: (c) => changes.push(c) });
    const chapterChanges = changes.filter((c) => c.entry === 'text/c.xhtml');
    expect(chapterChanges.map((c) => c.from)).toEqual(['头发', '后来', '鼠标', '开了', '软件', '这里', '这里', '干部', '汉']);
    for (const change of chapterChanges) {
      // A phrase split by <b> starts in the range of its first character; the rest follows after the markup.
      expect(chapter.slice(change.index)).toMatch(new RegExp(`^${[...change.from].join('(?:<[^>]*>)*')}`));
      expect(`${change.paragraph}:${change.offset! + 1}`).toBe(lineColumn(chapter, change.index));
    }
    const title = changes.find((c) => c.entry === 'content.opf')!;
    expect(opf.slice(title.index).startsWith('汉字')).toBe(true);
    expect(`${title.paragraph}:${title.offset! + 1}`).toBe(lineColumn(opf, title.index));
  });

  it('the CLI prints book.epub:entry:line L:C for every change, and writes the same file as without --explain', async () => {
    const folder = await temporaryFolder();
    const book = join(folder, 'book.epub');
    writeFileSync(book, epub());
    const result = await fanjian(['convert', '-c', 's2twp', '--explain', book, '-o', join(folder, 'out.epub')]);
    expect(result.code).toBe(0);
    for (const note of ['line 2:57: 头发 → 頭髮', 'line 3:10: 后来 → 後來', 'line 3:22: 软件 → 軟體', 'line 4:11: 这里 → 這裡', 'line 4:15: 这里 → 這裡', 'line 4:18: 干部 → 幹部']) {
      expect(result.stderr).toContain(`${book}:text/c.xhtml:${note}  (`);
    }
    expect(result.stderr).toContain(`${book}:content.opf:line 3:`);
    expect(result.stderr).not.toContain('undefined');
  });
});
