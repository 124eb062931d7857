/** Format-aware conversion from the command line: the format is chosen per file by its extension. */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../src/node/documents.js';
import { fanjian, temporaryFolder } from './helpers.js';

const files: Record<string, string> = {
  'page.html': '<html lang="zh-CN"><p title="头发">后来</p><code>汉字</code><a href="/汉字">链接</a></html>',
  'zh-CN.json': '{\n  "头发": "头发 {count} 个",\n  "软件": "软件"\n}\n',
  'movie.srt': '1\n00:00:01,000 --> 00:00:02,000\n{\\an8}头发后来\n',
  'notes.md': '# 标题\n\n`代码` 后来 [链接](https://汉.com)\n',
  'plain.txt': '头发后来',
  'locale.yml': '头发: 后来 # 注释\n',
};

function epub(): Uint8Array {
  return zipSync({
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8('<container><rootfiles><rootfile full-path="content.opf"/></rootfiles></container>'),
    'content.opf': strToU8('<package><metadata><dc:title>头发</dc:title><dc:language>zh-CN</dc:language></metadata></package>'),
    'c1.xhtml': strToU8('<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="zh-CN"><body><p>后来</p></body></html>'),
    'image.png': [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]), { level: 0 }],
  });
}

describe('formats on the command line', () => {
  it('converts a folder, each file by its extension, EPUBs included, binary files skipped', async () => {
    const dir = await temporaryFolder();
    await mkdir(join(dir, 'in'));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'in', name), text);
    await writeFile(join(dir, 'in', 'book.epub'), epub());
    await writeFile(join(dir, 'in', 'logo.png'), Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    const result = await fanjian(['-c', 's2tw', '--out-dir', join(dir, 'out'), join(dir, 'in')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped .*logo\.png: looks binary/);
    const formats: Record<string, 'html' | 'json' | 'srt' | 'markdown' | 'text' | 'yaml'> = {
      'page.html': 'html', 'zh-CN.json': 'json', 'movie.srt': 'srt', 'notes.md': 'markdown', 'plain.txt': 'text', 'locale.yml': 'yaml',
    };
    for (const [name, format] of Object.entries(formats)) {
      expect(await readFile(join(dir, 'out', name), 'utf8')).toBe(convertDocument(files[name]!, { format, config: 's2tw' }));
    }
    expect(await readFile(join(dir, 'out', 'page.html'), 'utf8')).toBe('<html lang="zh-TW"><p title="頭髮">後來</p><code>汉字</code><a href="/汉字">鏈接</a></html>');
    const book = unzipSync(new Uint8Array(await readFile(join(dir, 'out', 'book.epub'))));
    expect(strFromU8(book['c1.xhtml']!)).toBe('<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="zh-TW"><body><p>後來</p></body></html>');
    expect(strFromU8(book['content.opf']!)).toBe('<package><metadata><dc:title>頭髮</dc:title><dc:language>zh-TW</dc:language></metadata></package>');
    expect((await readdir(join(dir, 'out'))).sort()).toEqual([...Object.keys(files), 'book.epub'].sort());
  });

  it("corrects an HTML page's declared encoding when the output encoding differs", async () => {
    const page = '<html><head><meta charset="gbk"><title>软件</title></head><body><p>鼠标</p></body></html>';
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'page.html'), iconv.encode(page, 'gbk'));
    const utf8 = await fanjian(['-c', 's2twp', join(dir, 'page.html')]);
    expect(utf8.stdout.toString('utf8')).toBe('<html><head><meta charset="utf-8"><title>軟體</title></head><body><p>滑鼠</p></body></html>');
    const same = await fanjian(['-c', 's2twp', '--output-encoding', 'same', join(dir, 'page.html')]);
    expect(iconv.decode(same.stdout, 'gbk')).toBe('<html><head><meta charset="gbk"><title>軟體</title></head><body><p>滑鼠</p></body></html>');
  });

  it('reads a format from --format on standard input, with --quotes', async () => {
    const result = await fanjian(['-c', 's2tw', '--format', 'html', '--quotes', 'cjk'], { input: '<p title="“头发”">他说“后来”</p><pre>“汉字”</pre>' });
    expect(result.stdout.toString('utf8')).toBe('<p title="「頭髮」">他說「後來」</p><pre>“汉字”</pre>');
  });

  it('repairs documents too, touching only their text', async () => {
    const html = '<p class="干部">這里的干部并沒有說什么。</p><code>这里</code>';
    const result = await fanjian(['repair', '-t', 'tw', '--format', 'html'], { input: html });
    expect(result.stdout.toString('utf8')).toBe('<p class="干部">這裡的幹部並沒有說什麼。</p><code>这里</code>');
  });

  it('reports a malformed document as a failure of that file', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'bad.json'), '{ "a": "汉", }}');
    const result = await fanjian(['-c', 's2t', join(dir, 'bad.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.json: Invalid JSON at line 1/);
  });
});
