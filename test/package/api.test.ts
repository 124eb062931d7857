/**
 * The published declarations (dist/types, written by the build) carry the documented API and nothing else. The
 * names each entry exports are listed here by hand from the README; the full text is kept as a snapshot, so that
 * any change to the public surface shows up in review (update it with `npx vitest run test/package -u`).
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const types = new URL('../../dist/types/', import.meta.url);

const FILES = ['fanjian.d.ts', 'documents.d.ts'].map((file) => new URL(file, types).pathname);
let program: ts.Program | null = null;

/** The names a declaration file exports, read by the TypeScript compiler (one program for both files). */
function exportedNames(file: string): string[] {
  program ??= ts.createProgram(FILES, { noEmit: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [] });
  const path = new URL(file, types).pathname;
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path)!;
  const symbol = checker.getSymbolAtLocation(source)!;
  const diagnostics = ts.getPreEmitDiagnostics(program, source).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(diagnostics).toEqual([]);
  return checker.getExportsOfModule(symbol).map((s) => s.name).sort();
}

const MAIN_API = [
  // Conversion (README: Library)
  'convert', 'createConverter', 'Converter', 'ConverterOptions', 'DictionarySource',
  // Loading (README: In browsers: load, then convert)
  'loadConverter', 'loadDetector', 'DetectorOptions',
  // Configurations
  'CONFIGS', 'CONFIG_NAMES', 'isConfigName', 'ConfigInfo', 'ConfigName', 'LocaleCode', 'LocalePair',
  // Any pair, BCP 47 tags (README: Configurations)
  'PAIRS', 'PAIR_NAMES', 'LOCALE_CODES', 'configInfo', 'ConversionName', 'ConversionSpec', 'LanguageTag', 'LocaleSpec', 'PairName',
  // Errors
  'FanjianError', 'FanjianErrorCode', 'FanjianErrorDetails',
  // Detect, repair, explain
  'detect', 'Detection', 'DetectedLine', 'DetectedScript', 'Outlier', 'TraditionalVariant',
  'repair', 'REPAIR_TARGETS', 'RepairChange', 'RepairOptions', 'RepairResult', 'RepairRule', 'RepairTarget',
  'ExplainSpan', 'ExplainStep', 'OpenccDifference',
].sort();

const DOCUMENTS_API = [
  // Converting (README: Documents)
  'convertDocument', 'convertDocumentPieces', 'DocumentOptions', 'convertQuotes', 'QUOTE_STYLES', 'QuoteStyle',
  // The registry
  'FORMATS', 'DOCUMENT_FORMATS', 'TEXT_DOCUMENT_FORMATS', 'BINARY_DOCUMENT_FORMATS', 'DocumentFormat', 'TextDocumentFormat',
  'BinaryDocumentFormat', 'isDocumentFormat', 'isBinaryFormat', 'detectFormat', 'formatOfPath', 'sniffFormat', 'formatNamed',
  'textFormatNamed',
  // Writing a format, and the driver
  'Format', 'TextFormat', 'BinaryFormat', 'BinaryContext', 'Extraction', 'ExtractOptions', 'Paragraph', 'Segment',
  'TextRange', 'ContextText', 'DocumentLimits', 'DEFAULT_LIMITS', 'convertSource', 'convertPieces', 'ConvertedText',
  'PiecesResult', 'TextChange', 'TextConverter', 'ByteSource', 'Utf8Pieces',
  // The HTML policy shared with fanjian/dom
  'htmlPolicy',
  // Records (README: Records and shards)
  'convertRecords', 'recordStream', 'batchConvert', 'jsonlConverter', 'csvConverter', 'RecordConverter',
  'RecordFormatOptions', 'RecordOptions', 'JsonlOptions', 'CsvOptions',
].sort();

describe('published declarations', () => {
  it('fanjian (and fanjian/browser) export exactly the documented API', () => {
    expect(exportedNames('fanjian.d.ts')).toEqual(MAIN_API);
  });

  it('fanjian/documents exports exactly the documented API', () => {
    expect(exportedNames('documents.d.ts')).toEqual(DOCUMENTS_API);
  });

  it('internals stay out, and the CommonJS declarations equal the ES module ones', () => {
    for (const name of ['fanjian', 'documents']) {
      const text = readFileSync(new URL(`${name}.d.ts`, types), 'utf8');
      for (const internal of ['convertUnits', 'safeCut', 'boundaryCut', 'ConversionChain', 'UnitBuffer', 'CompiledDictionary',
        'setDataSource', 'DataStore', 'import ']) {
        expect(text, `${name}.d.ts mentions ${internal}`).not.toContain(internal);
      }
      expect(readFileSync(new URL(`${name}.d.cts`, types), 'utf8')).toBe(text);
    }
  });

  it('match the reviewed snapshot', async () => {
    await expect(readFileSync(new URL('fanjian.d.ts', types), 'utf8')).toMatchFileSnapshot('__snapshots__/fanjian.d.ts');
    await expect(readFileSync(new URL('documents.d.ts', types), 'utf8')).toMatchFileSnapshot('__snapshots__/documents.d.ts');
  });
});
