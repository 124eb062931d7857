/**
 * Embedded documents: a chart's data workbook (word/embeddings/Microsoft_Excel_Worksheet.xlsx) and other embedded
 * Office packages are converted as documents of their own, so that editing the chart's data in Office does not bring
 * the unconverted text back; they stay byte-identical when they hold no text to convert, count toward the same
 * limits (a zip bomb inside the zip is refused, naming where it is), and nesting is bounded. Built here from the
 * LibreOffice-made fixtures (LibreOffice writes a DOCX chart's data as caches, without the workbook Word embeds), and
 * the embedded workbook is read back by LibreOffice when it is installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { convertDocument, type TextChange } from '../../src/node/documents.js';
import { convert, FanjianError } from '../../src/node/index.js';
import { flatOdfText, officeFixture, zipRecords } from './helpers.js';

const SHEET = 'word/embeddings/Microsoft_Excel_Worksheet.xlsx';
const CONFIG = 's2twp';

/** chart.docx with chart.xlsx embedded as its chart's workbook, the way Word stores it. */
function withWorkbook(workbook: Uint8Array, document = officeFixture('chart.docx'), name = SHEET): Uint8Array {
  const files = unzipSync(document);
  const types = strFromU8(files['[Content_Types].xml']!);
  files['[Content_Types].xml'] = strToU8(types.includes('Extension="xlsx"') ? types : types.replace('<Default ',
    '<Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/><Default '));
  files['word/charts/_rels/chart1.xml.rels'] = strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" Target="../embeddings/${name.split('/').pop()}"/></Relationships>`);
  const zippable: Zippable = {};
  for (const [entry, data] of Object.entries(files)) zippable[entry] = data;
  zippable[name] = [workbook, { level: 0 }]; // Word stores embedded packages uncompressed more often than not
  return zipSync(zippable);
}

const entryText = (zip: Uint8Array, entry: string) => strFromU8(unzipSync(zip)[entry]!);

describe('embedded documents', () => {
  it('a chart\'s embedded workbook is converted as the workbook on its own is', () => {
    const workbook = officeFixture('chart.xlsx');
    // Built once: fflate stamps entries with the current time, so two builds can differ in their records.
    const original = withWorkbook(workbook);
    const out = convertDocument(original, { format: 'docx', config: CONFIG });
    const inner = unzipSync(out)[SHEET]!;
    const alone = convertDocument(workbook, { format: 'xlsx', config: CONFIG });
    const innerFiles = unzipSync(inner), aloneFiles = unzipSync(alone);
    expect(Object.keys(innerFiles)).toEqual(Object.keys(unzipSync(workbook)));
    for (const name of Object.keys(aloneFiles)) expect(strFromU8(innerFiles[name]!)).toBe(strFromU8(aloneFiles[name]!));
    // The workbook's strings did change (the chart's categories and series names), as the chart's caches did.
    expect(entryText(inner, 'xl/sharedStrings.xml')).not.toBe(entryText(workbook, 'xl/sharedStrings.xml'));
    const strings = [...entryText(workbook, 'xl/sharedStrings.xml').matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]!);
    expect([...entryText(inner, 'xl/sharedStrings.xml').matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1])).toEqual(strings.map((s) => convert(s, CONFIG)));
    // Every other entry of the outer document that holds no text stays byte-identical.
    const before = zipRecords(original), after = zipRecords(out);
    for (const name of ['word/charts/_rels/chart1.xml.rels', 'word/_rels/document.xml.rels', 'word/settings.xml']) {
      expect(Buffer.from(after.get(name)!.raw).equals(Buffer.from(before.get(name)!.raw))).toBe(true);
    }
  });

  it('--explain (onChange) names the embedding entry and the part inside it', () => {
    const changes: TextChange[] = [];
    convertDocument(withWorkbook(officeFixture('chart.xlsx')), { format: 'docx', config: CONFIG, onChange: (c) => changes.push(c) });
    const inner = changes.filter((c) => c.entry?.startsWith(`${SHEET}:`));
    expect(inner.map((c) => c.entry)).toContain(`${SHEET}:xl/sharedStrings.xml`);
    const strings = entryText(officeFixture('chart.xlsx'), 'xl/sharedStrings.xml');
    for (const change of inner.filter((c) => c.entry === `${SHEET}:xl/sharedStrings.xml`)) {
      expect(strings.slice(change.index).startsWith(change.from)).toBe(true);
    }
  });

  it('an embedded workbook without text to convert keeps its bytes', () => {
    const workbook = convertDocument(officeFixture('chart.xlsx'), { format: 'xlsx', config: CONFIG }); // already Traditional
    const document = withWorkbook(workbook);
    const out = convertDocument(document, { format: 'docx', config: CONFIG });
    expect(Buffer.from(zipRecords(out).get(SHEET)!.raw).equals(Buffer.from(zipRecords(document).get(SHEET)!.raw))).toBe(true);
  });

  it('a zip bomb inside the embedded workbook is refused, naming where it is; the limits count nested entries too', () => {
    const files = unzipSync(officeFixture('chart.xlsx'));
    const bomb = strToU8(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${' '.repeat(3_000_000)}</sst>`);
    const zippable: Zippable = { ...files, 'xl/sharedStrings.xml': bomb };
    const document = withWorkbook(zipSync(zippable));
    expect(document.length).toBeLessThan(60_000);
    const refused = (limits: object) => {
      try {
        convertDocument(document, { format: 'docx', config: CONFIG, limits });
      } catch (error) {
        expect(error).toBeInstanceOf(FanjianError);
        expect((error as FanjianError).code).toBe('INVALID_DOCUMENT');
        return (error as FanjianError).message;
      }
      throw new Error('not refused');
    };
    expect(refused({ entrySize: 1_000_000 })).toMatch(
      /^In the embedded document word\/embeddings\/Microsoft_Excel_Worksheet\.xlsx: .*entry xl\/sharedStrings\.xml exceeds the limit of 1000000 bytes/);
    // The outer document's entries fit the total on their own, and so do the workbook's: together they do not.
    const sum = (zip: Uint8Array) => Object.values(unzipSync(zip)).reduce((n, f) => n + f.length, 0);
    const outer = sum(document), inner = sum(zipSync(zippable));
    expect(outer).toBeLessThan(inner);
    expect(refused({ totalSize: inner + 1000 })).toMatch(/^In the embedded document .*together exceeds the limit/);
    expect(convertDocument(document, { format: 'docx', config: CONFIG, limits: { totalSize: outer + inner } }).length).toBeGreaterThan(0);
  });

  it('documents nested deeper than four are refused', () => {
    let document = officeFixture('chart.xlsx');
    let name = SHEET;
    for (let level = 1; level <= 5; level++) {
      document = withWorkbook(document, officeFixture('chart.docx'), name);
      name = 'word/embeddings/Microsoft_Word_Document.docx';
    }
    expect(() => convertDocument(document, { format: 'docx', config: CONFIG })).toThrow(/nested more than 4 deep/);
  });
});

const soffice = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'soffice')).find((path) => existsSync(path));
if (!soffice) console.warn('[fanjian tests] soffice (LibreOffice) is not installed: the embedded workbook is not read back by LibreOffice.');

describe.skipIf(!soffice)('LibreOffice reads the converted embedded workbook', () => {
  it('its text is the converted text of the original workbook', () => {
    const work = mkdtempSync(join(tmpdir(), 'fanjian-embedded-'));
    try {
      mkdirSync(join(work, 'in'));
      const workbook = officeFixture('chart.xlsx');
      const inner = unzipSync(convertDocument(withWorkbook(workbook), { format: 'docx', config: CONFIG }))[SHEET]!;
      writeFileSync(join(work, 'in', 'original.xlsx'), workbook);
      writeFileSync(join(work, 'in', 'converted.xlsx'), inner);
      execFileSync(soffice!, [`-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`, '--headless', '--convert-to', 'fods',
        '--outdir', join(work, 'out'), join(work, 'in', 'original.xlsx'), join(work, 'in', 'converted.xlsx')], { stdio: 'ignore', timeout: 120_000 });
      const before = flatOdfText(readFileSync(join(work, 'out', 'original.fods'), 'utf8'));
      const after = flatOdfText(readFileSync(join(work, 'out', 'converted.fods'), 'utf8'));
      expect(before.paragraphs.length).toBeGreaterThan(3);
      expect(after.paragraphs.map((p) => p.text)).toEqual(before.paragraphs.map((p) => (p.kept ? p.text : convert(p.text, CONFIG))));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});
