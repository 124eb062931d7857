/** Office documents through the real CLI: chosen by extension, converted in place, refused files left untouched. */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fanjian, temporaryFolder } from '../cli/helpers.js';
import { officeFixtures, zipRecords } from './helpers.js';

const fixture = (name: string) => fileURLToPath(new URL(name, officeFixtures));

describe('fanjian convert with Office documents', () => {
  it('converts .docx, .xlsx, .pptx, .odt, .ods and .odp in place, by extension, in one run', async () => {
    const folder = await temporaryFolder();
    const names = ['document.docx', 'spreadsheet.xlsx', 'presentation.pptx', 'document.odt', 'spreadsheet.ods', 'presentation.odp'];
    for (const name of names) copyFileSync(fixture(name), join(folder, name));
    const result = await fanjian(['convert', '-c', 's2twp', '--in-place', '-q', ...names.map((n) => join(folder, n))]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const part = (file: string, entry: string) => strFromU8(zipRecords(new Uint8Array(readFileSync(join(folder, file)))).get(entry)!.content);
    expect(part('document.docx', 'word/document.xml')).toContain('<w:t>後來他用滑鼠打開了軟</w:t>');
    expect(part('spreadsheet.xlsx', 'xl/sharedStrings.xml')).toContain('頭髮護理');
    expect(part('presentation.pptx', 'ppt/slides/slide1.xml')).toContain('<a:t>後來我們用滑鼠</a:t>');
    expect(part('document.odt', 'content.xml')).toContain('最後一段：這裡的幹部並沒有來。');
    expect(part('spreadsheet.ods', 'content.xml')).toContain('後來的資訊');
    expect(part('presentation.odp', 'content.xml')).toContain('形狀裡的計算機軟體');
  });

  it('recognises Office documents by content: without their extension, and on standard input', async () => {
    const folder = await temporaryFolder();
    copyFileSync(fixture('document.docx'), join(folder, 'report'));
    copyFileSync(fixture('presentation.odp'), join(folder, 'slides.bin'));
    const named = await fanjian(['convert', '-c', 's2twp', '--in-place', '-q', join(folder, 'report'), join(folder, 'slides.bin')]);
    expect(named.stderr).toBe('');
    expect(named.code).toBe(0);
    expect(strFromU8(zipRecords(new Uint8Array(readFileSync(join(folder, 'report')))).get('word/header1.xml')!.content)).toContain('頁首：軟體公司的頭髮');
    expect(strFromU8(zipRecords(new Uint8Array(readFileSync(join(folder, 'slides.bin')))).get('content.xml')!.content)).toContain('形狀裡的計算機軟體');
    const piped = await fanjian(['convert', '-c', 's2twp'], { input: readFileSync(fixture('spreadsheet.xlsx')) });
    expect(piped.code).toBe(0);
    expect(strFromU8(zipRecords(new Uint8Array(piped.stdout)).get('xl/sharedStrings.xml')!.content)).toContain('頭髮護理');
  });

  it('--explain names the part, the paragraph or cell, and the column of every change; the output is the same', async () => {
    const folder = await temporaryFolder();
    const explained = join(folder, 'explained.docx'), plain = join(folder, 'plain.docx');
    const result = await fanjian(['convert', '-c', 's2twp', '--explain', fixture('document.docx'), '-o', explained]);
    expect(result.code).toBe(0);
    expect((await fanjian(['convert', '-c', 's2twp', fixture('document.docx'), '-o', plain])).code).toBe(0);
    expect(readFileSync(explained)).toEqual(readFileSync(plain));
    // The body's second paragraph (after the heading) reads 后来他用鼠标打开了软|件，看到了她的头|发。 (runs split by bold
    // and italics): each phrase is reported once, at its column in the paragraph's text, split runs included.
    const where = `${fixture('document.docx')}:word/document.xml:paragraph 2`;
    for (const note of ['1: 后来 → 後來', '5: 鼠标 → 滑鼠', '10: 软件 → 軟體', '18: 头发 → 頭髮']) {
      expect(result.stderr).toContain(`${where}:${note}  (`);
    }
    expect(result.stderr).toContain(`${fixture('document.docx')}:docProps/core.xml:title:`);
    // Spreadsheet cells by their address.
    const sheet = await fanjian(['convert', '-c', 's2twp', '--explain', fixture('inline-strings.xlsx'), '-o', join(folder, 'out.xlsx')]);
    expect(sheet.code).toBe(0);
    expect(sheet.stderr).toContain(`${fixture('inline-strings.xlsx')}:xl/worksheets/sheet1.xml:cell A2:1: 软件 → 軟體  (`);
    expect(sheet.stderr).toContain(`${fixture('inline-strings.xlsx')}:xl/worksheets/sheet1.xml:cell C2:1: 头发 → 頭髮  (`);
  });

  it('a disk that fills up while the converted zip is streamed to it leaves the original untouched, no temporary file', async () => {
    const folder = await temporaryFolder();
    const path = join(folder, 'document.docx');
    copyFileSync(fixture('document.docx'), path);
    const before = readFileSync(path);
    const result = await fanjian(['convert', '-c', 's2twp', '--in-place', path], { env: { FANJIAN_TEST_DISK_BYTES: '4000' } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${path}: the disk is full`);
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(folder)).toEqual(['document.docx']);
  });

  it('--fonts maps East Asian font names', async () => {
    const folder = await temporaryFolder();
    const output = join(folder, 'out.docx');
    const result = await fanjian(['convert', '-c', 's2twp', '--fonts', fixture('document.docx'), '-o', output]);
    expect(result.code).toBe(0);
    expect(strFromU8(zipRecords(new Uint8Array(readFileSync(output))).get('word/styles.xml')!.content)).toContain('w:eastAsia="PMingLiU"');
  });

  it('refuses a legacy .doc, an encrypted .docx and a damaged .xlsx by name, with the reason, leaving them untouched', async () => {
    const folder = await temporaryFolder();
    const ole = (stream: string) => {
      const bytes = new Uint8Array(1536);
      bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
      for (let i = 0; i < stream.length; i++) bytes[1024 + 2 * i] = stream.charCodeAt(i);
      return bytes;
    };
    const files: Record<string, Uint8Array> = {
      'old.doc': ole('WordDocument'),
      'secret.docx': ole('EncryptedPackage'),
      'cut.xlsx': new Uint8Array(readFileSync(fixture('spreadsheet.xlsx'))).subarray(0, 3000),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(folder, name), bytes);
    const result = await fanjian(['convert', '-c', 's2t', '--in-place', ...Object.keys(files).map((n) => join(folder, n))]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${join(folder, 'old.doc')}: Cannot convert it: it is a Word 97–2003 document (.doc)`);
    expect(result.stderr).toContain(`${join(folder, 'secret.docx')}: Cannot convert it: it is an encrypted (password-protected) DOCX`);
    expect(result.stderr).toContain(`${join(folder, 'cut.xlsx')}: Not a valid XLSX: the zip is damaged or incomplete`);
    for (const [name, bytes] of Object.entries(files)) expect(new Uint8Array(readFileSync(join(folder, name)))).toEqual(bytes);
  });
});
