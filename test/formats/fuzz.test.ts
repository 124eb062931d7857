/**
 * Fuzzing every parser of the registry (bounded in time): random documents over each format's own alphabet and
 * random strings convert or fail with INVALID_DOCUMENT — never another exception — and when they convert only the
 * human text changes (convertChecked); random and damaged bytes given as an EPUB give INVALID_DOCUMENT or an
 * output, a valid zip whenever the input reads as one.
 */
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { convertDocument, FORMATS, type TextDocumentFormat } from '../../src/node/documents.js';
import { FanjianError } from '../../src/node/index.js';
import { convertChecked } from './helpers.js';

const RUNS = { numRuns: 400, interruptAfterTimeLimit: 8_000 };

/** Characters each format's syntax is made of, with Han text that converts. */
const ALPHABETS: Readonly<Record<string, string>> = {
  text: '汉后发 \n',
  html: '<>/="\'&;#x!-[]?abpicodesrtylmn汉后发 \n\t',
  xhtml: '<>/="\'&;#x!-[]?abpicodesrtylmn:汉后发 \n',
  markdown: '#*_`~[]()<>!|-+>=:\\\n 汉后发ahttp.1',
  json: '{}[],:"\\/ ntrue0123汉后发{}%s\'#\n',
  yaml: '{}[],:-?|>\'"#&*!% \n汉后发ab',
  srt: '0123:,-> \n<i>{}\\汉后发',
  vtt: 'WEBVTT NOTE0123:.-> \n<v>c{}汉后发',
  ass: '[Events]Format:Dialogue, \n{\\i1}汉后发0',
};

const isExpectedFailure = (error: unknown) => error instanceof FanjianError && error.code === 'INVALID_DOCUMENT';

function convertsOrRefuses(source: string, format: TextDocumentFormat): void {
  try {
    convertChecked(source, format, 's2twp');
  } catch (error) {
    if (!isExpectedFailure(error)) throw error;
  }
}

const textFormats = FORMATS.filter((f) => !f.binary).map((f) => f.name as TextDocumentFormat);

describe('random documents', () => {
  it.each(textFormats)('%s: over its own alphabet', (format) => {
    const alphabet = [...(ALPHABETS[format] ?? ALPHABETS.text!)];
    fc.assert(fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 120 }).map((c) => c.join('')),
      (source) => convertsOrRefuses(source, format)), RUNS);
  });

  it.each(textFormats)('%s: any string (lone surrogates and control characters included)', (format) => {
    // (Without the private-use sentinels convertChecked marks pieces with.)
    const strings = fc.string({ unit: 'binary', maxLength: 80 }).map((s) => s.replace(/\u{F0000}|\u{F0001}/gu, '?'));
    fc.assert(fc.property(strings, (source) => convertsOrRefuses(source, format)), RUNS);
  });
});

describe('random bytes as an EPUB', () => {
  const valid = zipSync({
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8('<container><rootfiles><rootfile full-path="c.opf"/></rootfiles></container>'),
    'c.opf': strToU8('<package><metadata><dc:title>后来</dc:title></metadata></package>'),
    'a.xhtml': strToU8('<html><p>头发<b>后</b>来</p></html>'),
  });

  // Entries fanjian does not convert are copied raw, unchecked (zip.ts): one already damaged in the input (its
  // compressed data cut or changed) stays exactly as damaged. So the output must be a valid zip whenever the input
  // reads as one; fanjian never makes a readable zip unreadable.
  const readable = (bytes: Uint8Array) => {
    try {
      unzipSync(bytes);
      return true;
    } catch {
      return false;
    }
  };
  const check = (bytes: Uint8Array) => {
    try {
      const output = convertDocument(bytes, { format: 'epub', config: 's2t' });
      if (readable(bytes)) expect(() => unzipSync(output)).not.toThrow();
    } catch (error) {
      if (!isExpectedFailure(error)) throw error;
    }
  };

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), check), RUNS);
  });

  it('a valid EPUB with bytes changed or cut', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      fc.nat(valid.length), (changes, cut) => {
        const bytes = valid.slice(0, Math.max(cut, valid.length - 40));
        for (const [at, value] of changes) if (at < bytes.length) bytes[at] = value;
        check(bytes);
      }), RUNS);
  });
});
