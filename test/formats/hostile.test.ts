/**
 * Hostile documents (issue 9 items 9, 14, 15): nesting that made parsing quadratic or overflowed the call stack,
 * and EPUB archives with tricky entry names, duplicate names and entries that inflate past the limits. Each case
 * either converts correctly or fails with INVALID_DOCUMENT naming the limit's option — never a raw RangeError, a
 * hang or a lost entry. (The sizes are those of the reports; the timeouts only stop a regression from hanging
 * the suite: depth 1M took more than 600 s before.)
 */
import { strFromU8, strToU8, Unzip, UnzipInflate, unzipSync, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { convertDocument, type DocumentOptions, type TextDocumentFormat } from '../../src/node/documents.js';
import { FanjianError } from '../../src/node/index.js';
import { MARKDOWN_PARSER_DEPTH } from '../../src/formats/markdown-limits.js';
import { YAML_PARSER_DEPTH } from '../../src/formats/yaml.js';

function failure(run: () => unknown): FanjianError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FanjianError);
    return error as FanjianError;
  }
  throw new Error('expected a FanjianError');
}

const s2t = <F extends TextDocumentFormat>(format: F, extra: Partial<DocumentOptions> = {}) => ({ format, config: 's2t' as const, ...extra });

describe('deep nesting', () => {
  it('HTML: 1,000,000 nested <div>s convert (linear: closing tags pop only what they close)', () => {
    const depth = 1_000_000;
    const html = '<div>'.repeat(depth) + '汉字' + '</div>'.repeat(depth);
    const output = convertDocument(html, s2t('html'));
    expect(output.length).toBe(html.length);
    expect(output.slice(depth * 5, depth * 5 + 2)).toBe('漢字');
  }, 120_000);

  it('HTML: text at every level of 200,000 nested elements, and 200,000 stray closing tags', () => {
    const html = '<div>后'.repeat(200_000) + '</x>'.repeat(200_000) + '</div>'.repeat(200_000);
    expect(convertDocument(html, s2t('html'))).toBe(html.replaceAll('后', '後'));
  }, 120_000);

  it('--explain positions on a paragraph of 100,000 inline pieces (a cursor, not a search per change)', () => {
    const html = '<p>' + '<b>后'.repeat(100_000);
    const positions: number[] = [];
    const output = convertDocument(html, s2t('html', { onChange: (c) => positions.push(c.index) }));
    expect(output).toBe(html.replaceAll('后', '後'));
    expect(positions.length).toBeGreaterThan(1000);
    expect(positions.every((at) => html[at] === '后')).toBe(true);
  }, 120_000);

  it('JSON: 1,000,000 nested arrays and 100,000 nested objects convert (no recursion)', () => {
    const arrays = '['.repeat(1_000_000) + '"后"' + ']'.repeat(1_000_000);
    expect(convertDocument(arrays, s2t('json'))).toBe(arrays.replace('后', '後'));
    const objects = '{"后":'.repeat(100_000) + '"后"' + '}'.repeat(100_000);
    const output = convertDocument(objects, s2t('json'));
    expect(output.endsWith('"後"' + '}'.repeat(100_000))).toBe(true);
    expect(output.startsWith('{"后":{"后":')).toBe(true); // keys stay
  }, 120_000);

  it('JSON: an unclosed deep document is INVALID_DOCUMENT with its line, not a RangeError', () => {
    const error = failure(() => convertDocument('['.repeat(100_000), s2t('json')));
    expect(error.code).toBe('INVALID_DOCUMENT');
    expect(error.message).toMatch(/Invalid JSON at line 1 .*unclosed array/);
  });

  it('locale strings: 100,000 unbalanced braces in a value are characters, converted around (linear)', () => {
    const json = JSON.stringify({ a: '{'.repeat(100_000) + '后' });
    expect(convertDocument(json, s2t('json'))).toBe(json.replace('后', '後'));
  }, 60_000);

  it('Markdown: 4,000 nested quotes and lists deeper than the limit are refused naming the option; under it they convert', () => {
    for (const markdown of ['>'.repeat(4000) + ' 后', Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i * 2)}- 后`).join('\n'),
      '- '.repeat(3000) + '后', '> 1. '.repeat(1000) + '后']) {
      const error = failure(() => convertDocument(markdown, s2t('markdown')));
      expect(error.code).toBe('INVALID_DOCUMENT');
      expect(error.message).toMatch(/nesting .* exceeds the limit of 1000 levels.*limits\.depth \(CLI --max-depth\)/);
    }
    expect(convertDocument('>'.repeat(500) + ' 后', s2t('markdown'))).toBe('>'.repeat(500) + ' 後');
    expect(convertDocument('>'.repeat(1200) + ' 后', s2t('markdown', { limits: { depth: 2000 } }))).toBe('>'.repeat(1200) + ' 後');
  }, 60_000);

  it('Markdown: 50,000 emphasis and strikethrough delimiters in one paragraph convert (micromark pairs them in quadratic time)', () => {
    for (const markdown of ['*后'.repeat(50_000), '~后'.repeat(50_000), '_后 '.repeat(50_000)]) {
      expect(convertDocument(markdown, s2t('markdown'))).toBe(markdown.replaceAll('后', '後'));
    }
    // Read as plain characters beyond 100 runs in a block, they change nothing converted: code stays code.
    const busy = '**后**'.repeat(200) + ' `后` ~~后~~\n\n~~~\n后\n~~~\n\n- *后*\n';
    expect(convertDocument(busy, s2t('markdown'))).toBe('**後**'.repeat(200) + ' `后` ~~後~~\n\n~~~\n后\n~~~\n\n- *後*\n');
  }, 60_000);

  it('Markdown: 32,000 open brackets convert', () => {
    const markdown = '['.repeat(32_000) + '后';
    expect(convertDocument(markdown, s2t('markdown'))).toBe('['.repeat(32_000) + '後');
  }, 60_000);

  it('YAML: 10,000 nested flow sequences (which crash Node inside the parser) are refused before parsing', () => {
    const error = failure(() => convertDocument('['.repeat(10_000) + '后' + ']'.repeat(10_000), s2t('yaml')));
    expect(error.code).toBe('INVALID_DOCUMENT');
    expect(error.message).toMatch(/YAML nesting \(10001 levels\) exceeds the limit of 1000 levels.*--max-depth/);
    const deep = Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 后';
    expect(failure(() => convertDocument(deep, s2t('yaml'))).message).toMatch(/YAML nesting/);
    expect(convertDocument('['.repeat(200) + '后' + ']'.repeat(200), s2t('yaml'))).toBe('['.repeat(200) + '後' + ']'.repeat(200));
  });

  it('Markdown: quotes of any depth within the limit convert; what micromark must read deeper than it can is refused', () => {
    const deep = '>'.repeat(20_000) + ' 后';
    expect(convertDocument(deep, s2t('markdown', { limits: { depth: 100_000_000 } }))).toBe(deep.replace('后', '後'));
    // A fence (or anything else but plain blocks) 20,000 quotes deep goes to micromark, which cannot read it.
    const error = failure(() => convertDocument('>'.repeat(20_000) + ' ```\n后\n', s2t('markdown', { limits: { depth: 100_000_000 } })));
    expect(error.code).toBe('INVALID_DOCUMENT');
    expect(error.message).toMatch(/Markdown nesting \(20000 levels of quotes and lists\) is deeper than the Markdown parser can read \(4000 levels/);
    const fits = '>'.repeat(MARKDOWN_PARSER_DEPTH) + ' ```\n后\n';
    expect(convertDocument(fits, s2t('markdown', { limits: { depth: 100_000_000 } }))).toBe(fits.replace('\n后', '\n後'));
  }, 60_000);

  it('YAML deeper than its parser can read is refused whatever the limit (a raised limit crashed Node)', () => {
    const deep = '['.repeat(5_000) + '后' + ']'.repeat(5_000);
    const error = failure(() => convertDocument(deep, s2t('yaml', { limits: { depth: 100_000_000 } })));
    expect(error.code).toBe('INVALID_DOCUMENT');
    expect(error.message).toMatch(/YAML nesting \(5001 levels\) is deeper than the YAML parser can read \(500 levels, whatever limits\.depth or --max-depth/);
    const fits = '['.repeat(YAML_PARSER_DEPTH - 1) + '后' + ']'.repeat(YAML_PARSER_DEPTH - 1);
    expect(convertDocument(fits, s2t('yaml', { limits: { depth: 100_000_000 } }))).toBe(fits.replace('后', '後'));
  });

  it('a limit must be a positive number', () => {
    expect(failure(() => convertDocument('x', s2t('yaml', { limits: { depth: 0 } }))).code).toBe('INVALID_OPTION');
  });
});

/** A zip written entry by entry with fflate's streaming writer, which takes any name, duplicates included. */
function rawZip(files: readonly [string, Uint8Array][]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [name, data] of files) {
    const file = name === 'mimetype' ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
    zip.add(file);
    file.push(data, true);
  }
  zip.end();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

const container = strToU8('<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf"/></rootfiles></container>');
const opf = strToU8('<package xmlns="http://www.idpf.org/2007/opf"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>后来</dc:title></metadata></package>');
const base: [string, Uint8Array][] = [['mimetype', strToU8('application/epub+zip')], ['META-INF/container.xml', container], ['content.opf', opf]];

/** Every entry, read back by another implementation (fflate's streaming reader: no object to lose __proto__ in). */
function entriesOf(zip: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const reader = new Unzip((file) => {
    const parts: Uint8Array[] = [];
    file.ondata = (error, data, final) => {
      if (error) throw error;
      parts.push(data);
      if (final) files.set(file.name, Uint8Array.from(parts.flatMap((p) => [...p])));
    };
    file.start();
  });
  reader.register(UnzipInflate);
  reader.push(zip, true);
  return files;
}

function names(zip: Uint8Array): string[] {
  const list: string[] = [];
  unzipSync(zip, { filter: (file) => (list.push(file.name), false) });
  return list;
}

describe('EPUB entries', () => {
  it('an entry named __proto__ (and 0, constructor) is kept, and no entry appears that was not there', () => {
    const epub = rawZip([...base, ['__proto__', strToU8('原样')], ['constructor', strToU8('x')], ['0', strToU8('0')],
      ['1/level/a.xhtml', strToU8('<html xmlns="http://www.w3.org/1999/xhtml"><p>后来</p></html>')]]);
    const output = convertDocument(epub, { format: 'epub', config: 's2t' });
    expect(names(output)).toEqual(names(epub));
    const files = entriesOf(output);
    expect(strFromU8(files.get('__proto__')!)).toBe('原样');
    expect(strFromU8(files.get('1/level/a.xhtml')!)).toBe('<html xmlns="http://www.w3.org/1999/xhtml"><p>後來</p></html>');
    expect(strFromU8(files.get('content.opf')!)).toContain('<dc:title>後來</dc:title>');
    expect(names(output)).toContain('__proto__');
  });

  it('two entries of one name are refused, naming it', () => {
    const epub = rawZip([...base, ['a.xhtml', strToU8('<p>一</p>')], ['a.xhtml', strToU8('<p>二</p>')]]);
    const error = failure(() => convertDocument(epub, { format: 'epub', config: 's2t' }));
    expect(error.code).toBe('INVALID_DOCUMENT');
    expect(error.message).toContain('entry "a.xhtml" appears twice');
  });

  it('an entry larger than limits.entrySize, or a total past limits.totalSize, is refused naming the option', () => {
    const chapter = strToU8(`<html xmlns="http://www.w3.org/1999/xhtml"><p>${'后'.repeat(5000)}</p></html>`);
    const epub = rawZip([...base, ['a.xhtml', chapter], ['b.xhtml', chapter]]);
    const big = failure(() => convertDocument(epub, { format: 'epub', config: 's2t', limits: { entrySize: 10_000 } }));
    expect(big.message).toMatch(/entry a\.xhtml exceeds the limit of 10000 bytes.*limits\.entrySize \(CLI --max-entry-size\)/);
    const total = failure(() => convertDocument(epub, { format: 'epub', config: 's2t', limits: { totalSize: 20_000 } }));
    expect(total.message).toMatch(/exceeds the limit of 20000 bytes.*--max-inflated-size/);
    expect(convertDocument(epub, { format: 'epub', config: 's2t', limits: { entrySize: 20_000 } })).toBeInstanceOf(Uint8Array);
  });

  it('an entry that inflates past its declared size (a zip bomb lying about its size) is refused without inflating it all', () => {
    const bomb = new Uint8Array(5_000_000).fill(0x41);
    const epub = zipSync({ mimetype: [strToU8('application/epub+zip'), { level: 0 }], 'META-INF/container.xml': container, 'content.opf': opf, 'a.xhtml': bomb });
    // Declare 100 bytes for a.xhtml, in its local header and in the central directory.
    const view = new DataView(epub.buffer, epub.byteOffset, epub.byteLength);
    const name = strToU8('a.xhtml');
    for (let i = 0; i + 46 < epub.length; i++) {
      const signature = view.getUint32(i, true);
      const nameAt = signature === 0x04034b50 ? i + 30 : signature === 0x02014b50 ? i + 46 : -1;
      if (nameAt < 0 || !name.every((b, k) => epub[nameAt + k] === b)) continue;
      view.setUint32(signature === 0x04034b50 ? i + 22 : i + 24, 100, true);
    }
    const error = failure(() => convertDocument(epub, { format: 'epub', config: 's2t' }));
    expect(error.message).toMatch(/entry a\.xhtml inflates past its declared size/);
  });

  it('damaged data (CRC-32 mismatch) and encrypted entries are refused', () => {
    const epub = zipSync({ mimetype: [strToU8('application/epub+zip'), { level: 0 }], 'META-INF/container.xml': [container, { level: 0 }], 'content.opf': [opf, { level: 0 }] });
    const damaged = epub.slice();
    const at = damaged.indexOf(0x3c, 100); // inside a stored XML entry
    damaged[at + 5] ^= 0xff;
    expect(failure(() => convertDocument(damaged, { format: 'epub', config: 's2t' })).message).toMatch(/fails its CRC check|not UTF-8/);
    const encrypted = epub.slice();
    const view = new DataView(encrypted.buffer);
    for (let i = 0; i + 4 < encrypted.length; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint16(i + 8, view.getUint16(i + 8, true) | 1, true);
    expect(failure(() => convertDocument(encrypted, { format: 'epub', config: 's2t' })).message).toMatch(/entry mimetype is encrypted/);
  });

  it('unchanged entries are copied compressed as they were', () => {
    const epub = zipSync({ ...Object.fromEntries(base), 'style.css': strToU8('p { content: "汉字"; }'.repeat(100)) });
    const output = convertDocument(epub, { format: 'epub', config: 's2t' });
    const css = strToU8('p { content: "汉字"; }'.repeat(100));
    const compressed = (zip: Uint8Array) => {
      const view = new DataView(zip.buffer, zip.byteOffset);
      for (let i = 0; i < zip.length - 4; i++) {
        if (view.getUint32(i, true) === 0x04034b50 && strFromU8(zip.subarray(i + 30, i + 30 + view.getUint16(i + 26, true))) === 'style.css') {
          const start = i + 30 + view.getUint16(i + 26, true) + view.getUint16(i + 28, true);
          return zip.subarray(start, start + view.getUint32(i + 18, true));
        }
      }
      throw new Error('no style.css');
    };
    expect(compressed(output)).toEqual(compressed(epub));
    expect(compressed(output).length).toBeLessThan(css.length);
  });
});
