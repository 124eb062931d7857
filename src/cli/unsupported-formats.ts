/**
 * What a file that is not text is, when no document format of fanjian reads it: PDF, legacy Office files (OLE2),
 * Office documents whose format is not registered, RTF. The CLI says so instead of "looks binary", with a way out.
 */
import { extname } from 'node:path';

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

const OFFICE_ZIP: Readonly<Record<string, string>> = {
  '.docx': 'a Word document (DOCX)', '.xlsx': 'an Excel workbook (XLSX)', '.pptx': 'a PowerPoint presentation (PPTX)',
  '.odt': 'an OpenDocument text (ODT)', '.ods': 'an OpenDocument spreadsheet (ODS)', '.odp': 'an OpenDocument presentation (ODP)',
};
const LEGACY: Readonly<Record<string, string>> = { '.doc': 'docx', '.xls': 'xlsx', '.ppt': 'pptx' };

/** A sentence naming what the file is and what to do, or null when it is none of the formats above. */
export function unsupportedFormat(name: string, path: string | null, bytes: Uint8Array): string | null {
  const ext = path ? extname(path).toLowerCase() : '';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]) || ext === '.pdf') { // %PDF-
    return `${name} is a PDF document; fanjian does not convert PDF (its text is stored as drawing instructions, which ` +
      'cannot be rewritten in place): convert the document it was made from, or extract its text first (e.g. pdftotext)';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) { // OLE2 compound file
    const to = LEGACY[ext] ?? 'docx, xlsx or pptx';
    return `${name} is a legacy Microsoft Office file (.doc/.xls/.ppt, a binary format); fanjian does not convert it: ` +
      `save it as .${to} (e.g. soffice --headless --convert-to ${LEGACY[ext] ?? 'docx'} ${name})`;
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && OFFICE_ZIP[ext]) {
    // Reached by detect and review (they read text only), and by convert for a zip whose first entries do not show
    // an Office document's kind (convert reads the documents it recognises): "does not convert" was wrong for both.
    return `${name} is ${OFFICE_ZIP[ext]} by its name: a zip of XML parts, not text. "fanjian convert" converts ` +
      'Office documents whose first entries show their kind; detect and review read text only. If convert said ' +
      'this, the file is damaged or not what its name says (open it and save it again in its application)';
  }
  return null;
}
