/** Office test helpers: the fixtures, an independent zip record reader, and the text of a flat OpenDocument. */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { convertDocument, detectFormat, isBinaryFormat, type DocumentLimits } from '../../src/node/documents.js';
import type { ConfigName } from '../../src/node/index.js';

export const officeFixtures = new URL('../fixtures/office/', import.meta.url);

export function officeFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, officeFixtures)));
}

export interface ZipRecord {
  /** Local header, compressed data and data descriptor, exactly as stored. */
  readonly raw: Uint8Array;
  readonly content: Uint8Array;
}

/** Every entry of a zip in order, read from the central directory (written here, not with the code under test). */
export function zipRecords(bytes: Uint8Array): Map<string, ZipRecord> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  const count = view.getUint16(end + 10, true);
  const starts: { name: string; offset: number }[] = [];
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < count; i++) {
    const nameLength = view.getUint16(at + 28, true);
    starts.push({ name: strFromU8(bytes.subarray(at + 46, at + 46 + nameLength)), offset: view.getUint32(at + 42, true) });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  const directory = view.getUint32(end + 16, true);
  const contents = unzipSync(bytes);
  const sorted = [...starts].sort((a, b) => a.offset - b.offset);
  const records = new Map<string, ZipRecord>();
  for (const { name, offset } of starts) {
    const next = sorted.find((s) => s.offset > offset)?.offset ?? directory;
    records.set(name, { raw: bytes.subarray(offset, next), content: contents[name]! });
  }
  return records;
}

export interface FlatText {
  /** Paragraph texts in document order; `kept` marks a formula's result or a number's rendering. */
  readonly paragraphs: { readonly text: string; readonly kept: boolean }[];
  /** Title, subject, description and keywords. */
  readonly properties: string[];
}

const NESTED = new Set(['text:p', 'text:h', 'office:annotation', 'text:note-body', 'draw:frame', 'draw:custom-shape',
  'text:tracked-changes', 'office:change-info']);

/** The text LibreOffice wrote into a flat OpenDocument (fodt, fods, fodp), paragraph by paragraph. */
export function flatOdfText(xml: string): FlatText {
  const document = parseDocument(xml, { xmlMode: true });
  const paragraphs: { text: string; kept: boolean }[] = [];
  const properties: string[] = [];
  const own = (node: ChildNode): string => {
    if (node.type === 'text') return node.data;
    if (node.type !== 'tag') return '';
    if (NESTED.has(node.name)) return '';
    if (node.name === 'text:s') return ' '.repeat(Number(node.attribs['text:c'] ?? 1));
    if (node.name === 'text:tab') return '\t';
    if (node.name === 'text:line-break') return '\n';
    return node.children.map(own).join('');
  };
  const walk = (node: ChildNode, kept: boolean) => {
    if (node.type !== 'tag') return;
    const element = node as Element;
    if (element.name === 'text:p' || element.name === 'text:h') {
      paragraphs.push({ text: element.children.map(own).join('').trim(), kept });
    }
    if (['dc:title', 'dc:subject', 'dc:description', 'meta:keyword'].includes(element.name)) {
      properties.push(element.children.map(own).join(''));
    }
    const cellKept = element.name === 'table:table-cell' &&
      (element.attribs['table:formula'] !== undefined || (element.attribs['office:value-type'] ?? 'string') !== 'string');
    for (const child of element.children) walk(child, kept || cellKept);
  };
  for (const child of document.children) walk(child, false);
  return { paragraphs: paragraphs.filter((p) => p.text !== ''), properties };
}

/** Convert an Office fixture through the public API, the format chosen by the file name as the CLI does. */
export function convertOffice(bytes: Uint8Array, file: string,
  options: { config: ConfigName; fonts?: boolean; limits?: Partial<DocumentLimits> }): Uint8Array {
  const format = detectFormat(file);
  if (format === null || !isBinaryFormat(format)) throw new Error(`${file} is not a binary format`);
  return convertDocument(bytes, { format, ...options });
}
