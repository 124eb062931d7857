/**
 * Files: drop one anywhere on the page (or choose one), get it back converted with the same document conversion
 * as the CLI (fanjian/documents: only the human text changes), saved as UTF-8. The documents module loads on the
 * first file, so the page itself starts without the HTML, Markdown and YAML parsers.
 */
import { CONFIGS } from '../index.js';
import type { DocumentFormat, QuoteStyle } from '../documents.js';
import { engine, type Settings } from './engine.js';
import {
  ENCODING_NAMES, FILE_ENCODINGS, UndecodableFileError, UnsureEncodingError, type FileEncoding,
} from './file-encodings.js';
import { byId, download, element } from './ui.js';

export interface FilePanelOptions {
  readonly settings: () => Settings;
  readonly dictionary: () => string | null;
  readonly quotes: HTMLSelectElement;
}

const PREVIEW_LENGTH = 4000;
/** Files above this size are refused: conversion runs on the page's main thread and keeps everything in memory. */
const MAX_BYTES = 200 * 1024 * 1024;

const formatNames: Readonly<Record<DocumentFormat, string>> = {
  text: 'plain text', html: 'HTML', xhtml: 'XHTML', markdown: 'Markdown', json: 'JSON', yaml: 'YAML',
  srt: 'SRT subtitles', vtt: 'WebVTT subtitles', ass: 'ASS/SSA subtitles', epub: 'EPUB',
  docx: 'Word document', xlsx: 'Excel workbook', pptx: 'PowerPoint presentation',
  odt: 'OpenDocument text', ods: 'OpenDocument spreadsheet', odp: 'OpenDocument presentation',
  jsonl: 'JSON Lines', csv: 'CSV', tsv: 'TSV',
};

/** Media types of the containers, for the download. */
const BINARY_TYPES: Readonly<Record<string, string>> = {
  epub: 'application/epub+zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

function splitName(name: string): { base: string; extension: string } {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { base: name.slice(0, dot), extension: name.slice(dot) } : { base: name, extension: '' };
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export class FilePanel {
  constructor(private readonly options: FilePanelOptions) {
    const input = byId<HTMLInputElement>('file-input');
    byId('file-button').addEventListener('click', () => input.click());
    input.addEventListener('change', () => {
      for (const file of input.files ?? []) void this.add(file);
      input.value = '';
    });
    const overlay = byId('drop-overlay');
    let depth = 0;
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    addEventListener('dragenter', (event) => {
      if (!hasFiles(event)) return;
      depth++;
      overlay.hidden = false;
    });
    addEventListener('dragleave', () => {
      if (--depth <= 0) {
        depth = 0;
        overlay.hidden = true;
      }
    });
    addEventListener('dragover', (event) => {
      if (hasFiles(event)) event.preventDefault();
    });
    addEventListener('drop', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      overlay.hidden = true;
      for (const file of event.dataTransfer?.files ?? []) void this.add(file);
    });
  }

  /** Converts one file and lists the result (or the reason it could not be converted). */
  async add(file: File, forced?: FileEncoding, replacing?: HTMLElement): Promise<void> {
    const item = element('li', { className: 'file' });
    if (replacing) replacing.replaceWith(item);
    else byId('file-results').prepend(item);
    item.append(element('p', { className: 'file-name', textContent: `${file.name} — converting…` }));
    try {
      if (file.size > MAX_BYTES) throw new UndecodableFileError(`${file.name} is ${size(file.size)}; the page converts files up to ${size(MAX_BYTES)} (use the command line for more).`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const documents = await import('../documents.js');
      // By extension, as the CLI; else by a signature the first bytes show beyond doubt; else plain text.
      const format: DocumentFormat = documents.detectFormat(file.name) ?? documents.sniffFormat(bytes.subarray(0, 8192)) ?? 'text';
      const settings = this.options.settings();
      const config = CONFIGS.find((c) => c.name === settings.config)!;
      // As the CLI: the converter (or repair) reports its changes, so text across markup is placed exactly.
      const converter = settings.mode === 'convert'
        ? await engine.converter(settings, this.options.dictionary())
        : await engine.repairer(settings);
      const common = {
        converter,
        quotes: this.options.quotes.value as QuoteStyle,
        languages: settings.mode === 'convert' ? { from: config.from, to: config.to } : null,
      };
      const started = performance.now();
      let result: Uint8Array, preview: string | null = null, encoding: string | null = null, how = '';
      let decodedAs: FileEncoding | null = null;
      if (documents.isBinaryFormat(format)) {
        result = documents.convertDocument(bytes, { ...common, format });
      } else {
        // Loaded with the first text file: the page starts without chardet's statistical tables.
        const { decodeFile } = await import('./file-encoding.js');
        const decoded = decodeFile(bytes, file.name, forced);
        decodedAs = decoded.encoding;
        encoding = ENCODING_NAMES[decoded.encoding];
        how = decoded.how;
        const converted = documents.convertDocument(decoded.text, {
          ...common, format, ...(format === 'html' || format === 'xhtml' ? { charset: 'utf-8' } : {}),
        });
        preview = converted.slice(0, PREVIEW_LENGTH);
        result = new TextEncoder().encode(converted);
      }
      const ms = performance.now() - started;
      const { base, extension } = splitName(file.name);
      const tag = settings.mode === 'convert' ? settings.config : `repaired-${settings.target}`;
      const outputName = `${converter.convert(base)}.${tag}${extension}`;
      this.show(item, file, { format, encoding, how, decodedAs, result, preview, outputName, ms });
    } catch (error) {
      item.replaceChildren(
        element('p', { className: 'file-name', textContent: file.name }),
        Object.assign(element('p', { className: 'error', textContent: error instanceof Error ? error.message : String(error) }), {}),
      );
      item.lastElementChild!.setAttribute('role', 'alert');
      if (error instanceof UnsureEncodingError) {
        const readings = element('ul', { className: 'readings' });
        for (const reading of error.readings) {
          readings.append(element('li', { lang: 'zh', textContent: `${ENCODING_NAMES[reading.encoding]}: ${reading.preview}` }));
        }
        item.append(readings);
      }
      if (error instanceof UndecodableFileError) item.append(this.encodingPicker(file, item, null));
    }
  }

  private show(item: HTMLElement, file: File, done: {
    format: DocumentFormat; encoding: string | null; how: string; decodedAs: FileEncoding | null; result: Uint8Array;
    preview: string | null; outputName: string; ms: number;
  }): void {
    const save = element('button', { className: 'download', textContent: `Download ${done.outputName}` });
    save.type = 'button';
    save.addEventListener('click', () => {
      const type = BINARY_TYPES[done.format] ?? 'text/plain;charset=utf-8';
      download(new Blob([done.result as BlobPart], { type }), done.outputName);
    });
    const facts = [formatNames[done.format], done.encoding ? `read as ${done.encoding} (${done.how})` : null,
      `${size(file.size)} → ${size(done.result.length)}${done.encoding ? ' UTF-8' : ''}`, `${done.ms.toFixed(0)} ms`].filter(Boolean).join(' · ');
    item.replaceChildren(element('p', { className: 'file-name', textContent: file.name }), element('p', { className: 'muted', textContent: facts }));
    if (done.decodedAs) item.append(this.encodingPicker(file, item, done.decodedAs));
    item.append(save);
    if (done.preview !== null) {
      const details = element('details');
      details.append(element('summary', { textContent: 'Preview' }), element('pre', { className: 'preview', lang: 'zh', textContent: done.preview }));
      item.append(details);
    }
    save.focus({ preventScroll: true });
  }

  /** A select to read the file again in another encoding (the guess is shown, never silently trusted). */
  private encodingPicker(file: File, item: HTMLElement, current: FileEncoding | null): HTMLElement {
    const label = element('label', { className: 'field inline', textContent: 'Encoding ' });
    const select = element('select');
    if (!current) select.append(Object.assign(element('option', { textContent: 'choose…' }), { value: '' }));
    for (const encoding of FILE_ENCODINGS) {
      const option = element('option', { textContent: ENCODING_NAMES[encoding] });
      option.value = encoding;
      option.selected = encoding === current;
      select.append(option);
    }
    select.addEventListener('change', () => {
      if (select.value) void this.add(file, select.value as FileEncoding, item);
    });
    label.append(select);
    return label;
  }
}
