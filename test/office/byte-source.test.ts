/**
 * Large documents without holding them: read by offset from a ByteSource (the CLI's file), the converted part
 * deflated piece by piece, the unchanged entries copied as the pieces are taken, and a file that changes meanwhile
 * refused. Checked against an independent unzip (fflate) and the conversion of the same bytes held in memory.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { convertDocument, convertDocumentPieces, type ByteSource } from '../../src/node/documents.js';
import { openDocumentFile } from '../../src/node/file-bytes.js';
import { convert, FanjianError } from '../../src/node/index.js';
import { FFLATE_CODEC, setZipCodec } from '../../src/formats/zip.js';
import { officeFixture, zipRecords } from './helpers.js';

const folder = mkdtempSync(join(tmpdir(), 'fanjian-byte-source-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const line = '后来他用鼠标打开了软件，看到了她的头发。这里的干部并没有来。';
/** A DOCX whose document.xml is several MB (words split across runs), with a stored "image" of noise. */
function bigDocx(): { bytes: Uint8Array; image: Uint8Array } {
  const files = unzipSync(officeFixture('document.docx'));
  const runs = [...line].map((c, i) => `<w:r>${i % 2 ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t>${c}</w:t></w:r>`).join('');
  const body = `<w:p>${runs}</w:p>`.repeat(2000);
  const document = strFromU8(files['word/document.xml']!);
  files['word/document.xml'] = strToU8(document.replace(/<w:body>[\s\S]*<w:sectPr>/, `<w:body>${body}<w:sectPr>`));
  const image = new Uint8Array(3 << 20);
  for (let i = 0, x = 12345; i < image.length; i++) image[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return { bytes: zipSync({ ...files, 'word/media/image9.png': [image, { level: 0 }] }), image };
}

/** A source over an array that counts the bytes read. */
function counting(bytes: Uint8Array): ByteSource & { readBytes: number } {
  const source = {
    size: bytes.length,
    readBytes: 0,
    read(offset: number, length: number) {
      source.readBytes += length;
      return bytes.slice(offset, offset + length);
    },
  };
  return source;
}

describe('documents read by offset (ByteSource)', () => {
  const { bytes, image } = bigDocx();
  const expected = convertDocument(bytes, { format: 'docx', config: 's2twp' });

  it('converts as the bytes held in memory do; the picture is not read until the pieces are taken', () => {
    expect(unzipSync(bytes)['word/document.xml']!.length).toBeGreaterThan(2 << 20); // more than one 1 MB piece
    const source = counting(bytes);
    const pieces = convertDocumentPieces(source, { format: 'docx', config: 's2twp' });
    // The directory, the end record's 64 KB and the parts that hold text: not the 3 MB picture.
    expect(source.readBytes).toBeLessThan(image.length / 10);
    const chunks: Uint8Array[] = [];
    for (const piece of pieces) chunks.push(Uint8Array.from(piece));
    const out = Buffer.concat(chunks);
    expect(out.equals(Buffer.from(expected))).toBe(true);
    const text = strFromU8(unzipSync(out)['word/document.xml']!);
    // 软 (bold) | 件: each character stays in its run, and the whole reads as the plain text's conversion.
    expect(text).toContain('<w:r><w:rPr><w:b/></w:rPr><w:t>軟</w:t></w:r><w:r><w:t>體</w:t></w:r>');
    expect([...text.matchAll(/<w:t>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')).toBe(convert(line, 's2twp').repeat(2000));
    expect(Buffer.from(zipRecords(out).get('word/media/image9.png')!.raw).equals(zipRecords(bytes).get('word/media/image9.png')!.raw)).toBe(true);
  });

  it('a part deflated piece by piece is one valid stream, with either codec', () => {
    const previous = setZipCodec(FFLATE_CODEC);
    try {
      const out = convertDocument(bytes, { format: 'docx', config: 's2twp' });
      // (Buffer.equals: toEqual compares 6 MB arrays element by element, for minutes)
      expect(Buffer.from(unzipSync(out)['word/document.xml']!).equals(Buffer.from(unzipSync(expected)['word/document.xml']!))).toBe(true);
    } finally {
      setZipCodec(previous);
    }
  });

  it('a file: pieces read through reused buffers are written before they are reused, and equal the result', () => {
    const path = join(folder, 'big.docx');
    writeFileSync(path, bytes);
    const file = openDocumentFile(path);
    try {
      const chunks: Buffer[] = [];
      for (const piece of file.checked(convertDocumentPieces(file, { format: 'docx', config: 's2twp' }))) chunks.push(Buffer.from(piece));
      expect(Buffer.concat(chunks).equals(Buffer.from(expected))).toBe(true);
    } finally {
      file.close();
    }
  });

  it('a file that changes while it is converted is refused before the last piece', () => {
    const path = join(folder, 'changing.docx');
    writeFileSync(path, bytes);
    const file = openDocumentFile(path);
    try {
      const pieces = file.checked(convertDocumentPieces(file, { format: 'docx', config: 's2twp' }));
      writeFileSync(path, Buffer.concat([Buffer.from(bytes), Buffer.from('more')]));
      expect(() => {
        for (const piece of pieces) void piece;
      }).toThrow(FanjianError);
    } finally {
      file.close();
    }
    writeFileSync(path, bytes);
    const stale = readFileSync(path);
    expect(() => openDocumentFile(path, { dev: 0, ino: 0, size: stale.length, mtimeMs: 0 })).toThrow(/changed while it was being converted/);
  });
});
