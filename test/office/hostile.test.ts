/**
 * Bad and hostile Office input: every case is refused with INVALID_DOCUMENT and a message giving the reason;
 * nothing is returned. Zip containers built here byte by byte where fflate would not write them.
 */
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FanjianError } from '../../src/node/index.js';
import { FFLATE_CODEC, setZipCodec } from '../../src/formats/zip.js';
import { convertOffice, officeFixture, zipRecords } from './helpers.js';

function refusal(run: () => unknown): FanjianError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FanjianError);
    expect((error as FanjianError).code).toBe('INVALID_DOCUMENT');
    return error as FanjianError;
  }
  throw new Error('not refused');
}

/** A minimal OLE compound file header followed by a directory entry name (UTF-16LE), as Office writes them. */
function oleFile(stream: string): Uint8Array {
  const bytes = new Uint8Array(1536);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  for (let i = 0; i < stream.length; i++) bytes[1024 + 2 * i] = stream.charCodeAt(i);
  return bytes;
}

/** Replace every occurrence of one ASCII name by another of the same length (local header and central record). */
function renameEntry(zip: Uint8Array, from: string, to: string): Uint8Array {
  const out = Uint8Array.from(zip);
  const needle = strToU8(from), replacement = strToU8(to);
  for (let at = 0; at + needle.length <= out.length; at++) {
    if (needle.every((b, i) => out[at + i] === b)) out.set(replacement, at);
  }
  return out;
}

const docx = () => officeFixture('document.docx');
const minimalDocx = (extra: Record<string, Uint8Array> = {}) => zipSync({
  '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
  'word/document.xml': strToU8('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>软件</w:t></w:r></w:p></w:body></w:document>'),
  ...extra,
});

describe('refused Office input', () => {
  it('converts the minimal document these cases start from', () => {
    const out = convertOffice(minimalDocx(), 'x.docx', { config: 's2twp' });
    expect(new TextDecoder().decode(zipRecords(out).get('word/document.xml')!.content)).toContain('<w:t>軟體</w:t>');
  });

  it('an encrypted (password-protected) document: an OLE compound file holding EncryptedPackage', () => {
    const error = refusal(() => convertOffice(oleFile('EncryptedPackage'), 'secret.docx', { config: 's2t' }));
    expect(error.message).toMatch(/encrypted \(password-protected\) DOCX.*remove the password/);
  });

  it('legacy .doc, .xls and .ppt files, named as such, with the fix', () => {
    expect(refusal(() => convertOffice(oleFile('WordDocument'), 'old.docx', { config: 's2t' })).message)
      .toMatch(/Word 97–2003 document \(\.doc\).*save it as \.docx/);
    expect(refusal(() => convertOffice(oleFile('Workbook'), 'old.xlsx', { config: 's2t' })).message).toMatch(/Excel 97–2003 workbook \(\.xls\)/);
    expect(refusal(() => convertOffice(oleFile('PowerPoint Document'), 'old.pptx', { config: 's2t' })).message).toMatch(/PowerPoint 97–2003/);
  });

  it('a damaged zip: truncated, or not a zip at all', () => {
    const whole = docx();
    expect(refusal(() => convertOffice(whole.subarray(0, whole.length - 40), 'cut.docx', { config: 's2t' })).message).toMatch(/damaged|outside/);
    expect(refusal(() => convertOffice(whole.subarray(0, 5000), 'cut.docx', { config: 's2t' })).message).toMatch(/damaged or incomplete/);
    expect(refusal(() => convertOffice(strToU8('hello, not a zip'), 'x.docx', { config: 's2t' })).message).toMatch(/not a zip container/);
  });

  it('a CRC that does not match the content', () => {
    const zip = minimalDocx();
    const view = new DataView(zip.buffer);
    // The central record of word/document.xml is the second; its CRC is at +16.
    let at = zip.length - 22;
    at = view.getUint32(at + 16, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    view.setUint32(at + 16, view.getUint32(at + 16, true) ^ 1, true);
    expect(refusal(() => convertOffice(zip, 'x.docx', { config: 's2t' })).message).toMatch(/word\/document\.xml fails its CRC check/);
  });

  it('entries that would be written outside the folder', () => {
    for (const name of ['../../evil.xml', '/etc/evilx.xml', 'C:/evil/x.xml', 'a/../../evil.x']) {
      const zip = renameEntry(minimalDocx({ [name.replace(/[./:]/g, 'z')]: strToU8('x') }), name.replace(/[./:]/g, 'z'), name);
      expect(refusal(() => convertOffice(zip, 'x.docx', { config: 's2t' })).message).toContain('outside the folder');
    }
  });

  it('duplicate entry names', () => {
    const zip = renameEntry(minimalDocx({ 'word/documenX.xml': strToU8('<x/>') }), 'word/documenX.xml', 'word/document.xml');
    expect(refusal(() => convertOffice(zip, 'x.docx', { config: 's2t' })).message).toContain('"word/document.xml" appears twice');
  });

  it.each(['node:zlib', 'fflate'])('an entry that inflates past the limit, declared or not (%s)', (codecName) => {
    const previous = codecName === 'fflate' ? setZipCodec(FFLATE_CODEC) : null;
    try {
      bombs();
    } finally {
      if (previous) setZipCodec(previous);
    }
  });

  function bombs(): void {
    const bomb = strToU8(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${' '.repeat(3_000_000)}</w:document>`);
    const zip = minimalDocx({ 'word/document.xml': bomb });
    expect(zip.length).toBeLessThan(20_000);
    const limits = { depth: 1000, entrySize: 1_000_000, totalSize: 10_000_000 };
    expect(refusal(() => convertOffice(zip, 'x.docx', { config: 's2t', limits })).message)
      .toMatch(/entry word\/document\.xml exceeds the limit of 1000000 bytes.*limits\.entrySize/);
    // The declared size is a lie (small): inflation stops at the declared size instead of filling memory.
    const view = new DataView(zip.buffer);
    let at = view.getUint32(zip.length - 22 + 16, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    view.setUint32(at + 24, 1000, true);
    expect(refusal(() => convertOffice(zip, 'x.docx', { config: 's2t', limits })).message).toMatch(/inflates past its declared size/);
    // All entries together.
    expect(refusal(() => convertOffice(minimalDocx({ 'word/document.xml': bomb }), 'x.docx',
      { config: 's2t', limits: { depth: 1000, entrySize: 5_000_000, totalSize: 2_000_000 } })).message).toMatch(/together exceeds the limit/);
    // Within the limits, the same document converts.
    expect(convertOffice(minimalDocx({ 'word/document.xml': bomb }), 'x.docx', { config: 's2t' }).length).toBeGreaterThan(0);
  }

  it('an encrypted zip entry', () => {
    const zip = minimalDocx();
    const view = new DataView(zip.buffer);
    let at = view.getUint32(zip.length - 22 + 16, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    view.setUint16(at + 8, view.getUint16(at + 8, true) | 1, true);
    expect(refusal(() => convertOffice(zip, 'x.docx', { config: 's2t' })).message).toContain('is encrypted');
  });

  it('a password-protected OpenDocument', () => {
    const odt = zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'META-INF/manifest.xml': strToU8('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>'),
      'content.xml': new Uint8Array([1, 2, 3]),
    });
    expect(refusal(() => convertOffice(odt, 'x.odt', { config: 's2t' })).message).toContain('password-protected');
  });

  it('malformed XML in a part, and a DOCTYPE declaring entities', () => {
    expect(refusal(() => convertOffice(minimalDocx({ 'word/document.xml': strToU8('<w:document><w:p>') }), 'x.docx', { config: 's2t' })).message)
      .toMatch(/word\/document\.xml has <w:p> is never closed/);
    const laughs = '<!DOCTYPE x [<!ENTITY a "软件软件">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:document>';
    expect(refusal(() => convertOffice(minimalDocx({ 'word/document.xml': strToU8(laughs) }), 'x.docx', { config: 's2t' })).message).toContain('DOCTYPE');
  });

  it.each(['document.docx', 'spreadsheet.xlsx', 'presentation.pptx', 'document.odt', 'spreadsheet.ods'])('random damage to %s never gives anything but a conversion or INVALID_DOCUMENT', (file) => {
    const original = officeFixture(file);
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(original.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (damage) => {
      const bytes = Uint8Array.from(original);
      for (const [at, value] of damage) bytes[at] = value;
      try {
        convertOffice(bytes, file, { config: 's2t' });
      } catch (error) {
        expect(error).toBeInstanceOf(FanjianError);
      }
    }), { numRuns: 100, interruptAfterTimeLimit: 4_000 });
  });
});
