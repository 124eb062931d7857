/** The registry: names, extensions, content sniffing, text or binary; and the exported HTML policy. */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  BINARY_DOCUMENT_FORMATS, DOCUMENT_FORMATS, FORMATS, formatOfPath, htmlPolicy, isBinaryFormat, sniffFormat,
  TEXT_DOCUMENT_FORMATS,
} from '../../src/node/documents.js';
import { describeFormat } from '../../src/formats/registry.js';

describe('registry', () => {
  it('lists every format once, its extensions owned by it alone, binary ones as binary', () => {
    expect([...FORMATS.map((f) => f.name)].sort()).toEqual([...DOCUMENT_FORMATS].sort());
    expect(FORMATS.filter((f) => f.binary).map((f) => f.name).sort()).toEqual([...BINARY_DOCUMENT_FORMATS].sort());
    expect(FORMATS.filter((f) => !f.binary).map((f) => f.name).sort()).toEqual([...TEXT_DOCUMENT_FORMATS].sort());
    const extensions = FORMATS.flatMap((f) => f.extensions);
    expect(new Set(extensions).size).toBe(extensions.length);
    for (const format of FORMATS) {
      expect(isBinaryFormat(format.name as never)).toBe(format.binary);
      for (const extension of format.extensions) expect(formatOfPath(`a/b.${extension.toUpperCase()}`)).toBe(format.name);
    }
    expect(formatOfPath('README')).toBeNull();
    expect(formatOfPath('dir.md/file')).toBeNull();
  });

  it('sniffs formats with a signature, and never guesses the others', () => {
    const bytes = (text: string) => strToU8(text);
    expect(sniffFormat(bytes('\uFEFF<!DOCTYPE html><html><p>汉</p>'))).toBe('html');
    expect(sniffFormat(bytes('<!-- x -->\n<html lang="zh">'))).toBe('html');
    expect(sniffFormat(bytes('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><p>汉</p></html>'))).toBe('xhtml');
    expect(sniffFormat(bytes('WEBVTT\n\n00:01.000 --> 00:02.000\n汉'))).toBe('vtt');
    expect(sniffFormat(bytes('[Script Info]\nTitle: 汉'))).toBe('ass');
    expect(sniffFormat(bytes('1\r\n00:00:01,000 --> 00:00:02,000\r\n汉'))).toBe('srt');
    const epub = zipSync({ mimetype: [strToU8('application/epub+zip'), { level: 0 }], 'a.xhtml': strToU8('<p/>') });
    expect(sniffFormat(epub)).toBe('epub');
    expect(sniffFormat(zipSync({ 'a.txt': strToU8('汉') }))).toBeNull();
    for (const text of ['# 标题\n\n汉字', '{"a": "汉"}', 'a: 汉', '汉字 <b>', '12\n汉']) expect(sniffFormat(bytes(text))).toBeNull();
  });
});

describe('HTML policy (shared with the live-page converter)', () => {
  const attributes = (values: Record<string, string>) => (name: string) => values[name] ?? null;
  it('skips machine text, translate="no", notranslate; editable content only on live pages', () => {
    for (const element of ['code', 'pre', 'script', 'style', 'kbd', 'samp', 'var', 'textarea']) {
      expect(htmlPolicy.skipsElement(element, attributes({}))).toBe(true);
    }
    expect(htmlPolicy.skipsElement('p', attributes({}))).toBe(false);
    expect(htmlPolicy.skipsElement('span', attributes({ translate: 'no' }))).toBe(true);
    expect(htmlPolicy.skipsElement('div', attributes({ class: 'a notranslate' }))).toBe(true);
    expect(htmlPolicy.skipsElement('div', attributes({ contenteditable: '' }))).toBe(false);
    expect(htmlPolicy.skipsElement('div', attributes({ contenteditable: '' }), { live: true })).toBe(true);
    expect(htmlPolicy.skipsElement('div', attributes({ contenteditable: 'false' }), { live: true })).toBe(false);
  });

  it('converts the attributes people read', () => {
    expect(htmlPolicy.convertsAttribute('img', 'alt', attributes({}))).toBe(true);
    expect(htmlPolicy.convertsAttribute('a', 'href', attributes({}))).toBe(false);
    expect(htmlPolicy.convertsAttribute('meta', 'content', attributes({ name: 'description' }))).toBe(true);
    expect(htmlPolicy.convertsAttribute('meta', 'content', attributes({ name: 'author' }))).toBe(false);
    expect(htmlPolicy.convertsAttribute('input', 'value', attributes({ type: 'submit' }))).toBe(true);
    expect(htmlPolicy.convertsAttribute('input', 'value', attributes({ type: 'text' }))).toBe(false);
    expect(htmlPolicy.isInline('b') && htmlPolicy.isInline('A') && !htmlPolicy.isInline('div')).toBe(true);
  });

  it('names formats in messages with their usual spelling and article', () => {
    const named = Object.fromEntries(DOCUMENT_FORMATS.map((name) => [name, describeFormat(name, 'document')]));
    expect(named).toMatchObject({
      html: 'an HTML document', xhtml: 'an XHTML document', markdown: 'a Markdown document', json: 'a JSON document',
      yaml: 'a YAML document', srt: 'an SRT document', vtt: 'a WebVTT document', ass: 'an ASS document',
      epub: 'an EPUB document', docx: 'a DOCX document', xlsx: 'an XLSX document', odt: 'an ODT document',
      csv: 'a CSV document', jsonl: 'a JSON Lines document', text: 'a plain text document',
    });
  });
});
