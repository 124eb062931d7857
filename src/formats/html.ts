/**
 * HTML and XHTML: the text nodes and the attributes people read (html-policy.ts decides which), grouped into
 * paragraphs: text separated only by inline elements (b, a, span…) or comments is one paragraph, any other
 * element starts a new one. htmlparser2's tokenizer gives the source offset of every token, so the ranges point
 * into the original and all other bytes — markup, URLs, entities, whitespace — stay exactly as they were. An
 * entity is read as the character it stands for (context for its neighbours) and never rewritten.
 *
 * lang / xml:lang naming the source side are rewritten to the target's tag. With `charset`, a declaration of
 * another encoding (<meta charset>, <meta http-equiv=Content-Type>, <?xml encoding?>) is rewritten to it, so a GBK
 * page saved as UTF-8 does not tell browsers it is GBK.
 *
 * Linear in the input whatever the nesting: the open elements are a stack whose entries carry everything a text
 * node needs (skip, text rule), and a closing tag pops only what it closes (a count per name refuses stray ones
 * at once), so 1M nested <div>s cost what 1M paragraphs do.
 */
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { extractionStream, type ExtractionSink, type IncrementalExtractor, type TextConverter } from './driver.js';
import { isContext, type DocumentStream, type Extraction, type ExtractOptions, type Paragraph, type Segment, type StreamingTextFormat } from './format.js';
import { convertsAttribute, isInline, skipsElement, VOID_ELEMENTS } from './html-policy.js';
import type { Edit } from './splice.js';

/** What text directly inside an element is: converted, left, or a language tag (an OPF's dc:language). */
export type TextRule = 'convert' | 'skip' | 'language';

/** The text rule of a kind of XML document, decided element by element from the parent's rule. */
export interface TextRules {
  /** The rule outside every element. */
  readonly initial: TextRule;
  /** The rule inside an element (local name, as written) whose parent's rule is `parent`. */
  enter(localName: string, parent: TextRule): TextRule;
}

export interface MarkupOptions extends ExtractOptions {
  /** XHTML / XML rules (EPUB): case-sensitive names, self-closing tags, no HTML raw-text elements. */
  readonly xml: boolean;
  /** For XML documents that are not XHTML (an EPUB's OPF and NCX). Default: all text is converted. */
  readonly textRules?: TextRules;
  /** Added to every position (markup inside a larger document, such as HTML in Markdown). */
  readonly offset?: number;
}

/** Encoding labels that name the same decoder for our purposes (browsers decode gbk and gb2312 as GB18030). */
function charsetFamily(label: string): string {
  const name = label.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  if (name === 'utf8' || name === 'unicode11utf8') return 'utf-8';
  if (/^(gbk|gb2312|gb231280|gb18030|xgbk|chinese|csgb2312|isoir58|csiso58gb231280)$/.test(name)) return 'gb18030';
  if (/^(big5|big5hkscs|cnbig5|csbig5|xxbig5)$/.test(name)) return 'big5';
  if (name === 'utf16' || name === 'utf16le' || name === 'unicode' || name === 'ucs2') return 'utf-16le';
  if (name === 'utf16be' || name === 'unicodefffe') return 'utf-16be';
  return name;
}

interface Attribute {
  readonly name: string;
  /** Raw value pieces and the characters of the entities between them. */
  readonly segments: Segment[];
}

interface OpenElement {
  readonly name: string;
  readonly skip: boolean;
  readonly rule: TextRule;
  readonly inline: boolean;
}

const localName = (name: string) => name.replace(/^.*:/, '');

/**
 * The open elements: a stack of runs (an element kind — name, skip, rule, inline — and how many are open in a
 * row), in typed arrays. A million nested <div>s are one run; a document alternating kinds costs 8 bytes an element.
 */
const NO_RUNS = new Uint32Array(0);

class ElementStack {
  private kinds: OpenElement[] = [];
  private readonly kindIds = new Map<string, number>();
  // Allocated on the first push: a Markdown document's HTML blocks each make a stack, most of them a few tags long,
  // and two typed arrays per stack took a fifth of reading them.
  private ids = NO_RUNS;
  private counts = NO_RUNS;
  private runs = 0;

  top(): OpenElement | undefined {
    return this.runs === 0 ? undefined : this.kinds[this.ids[this.runs - 1]!];
  }

  push(element: OpenElement): void {
    const key = `${element.skip ? 1 : 0}${element.inline ? 1 : 0}${element.rule} ${element.name}`;
    let id = this.kindIds.get(key);
    if (id === undefined) {
      id = this.kinds.push(element) - 1;
      this.kindIds.set(key, id);
    }
    if (this.runs > 0 && this.ids[this.runs - 1] === id && this.counts[this.runs - 1]! < 0xffffffff) {
      this.counts[this.runs - 1]!++;
      return;
    }
    if (this.runs === this.ids.length) {
      const size = Math.max(16, this.runs * 2);
      const ids = new Uint32Array(size), counts = new Uint32Array(size);
      ids.set(this.ids);
      counts.set(this.counts);
      this.ids = ids;
      this.counts = counts;
    }
    this.ids[this.runs] = id;
    this.counts[this.runs++] = 1;
  }

  pop(): OpenElement {
    const element = this.kinds[this.ids[this.runs - 1]!]!;
    if (--this.counts[this.runs - 1]! === 0) this.runs--;
    return element;
  }
}

/**
 * Paragraphs longer than this (UTF-16 units) are cut after a line break or a sentence's end (。！？!?), or where
 * a text node ends: a document of any size converts in bounded memory, as plain text does.
 */
export const MAX_PARAGRAPH = 1 << 20;
const BREAK = /[\n。！？!?][^\n。！？!?]*$/;

/** The source text an extractor reads: all of it, or (streaming) a window around the current position. */
interface SourceText {
  slice(start: number, end: number): string;
  /** The position of the last `&` before `end`. */
  ampersand(end: number): number;
}

function markupExtractor(source: SourceText, options: MarkupOptions, sink: ExtractionSink): IncrementalExtractor {
  const offset = options.offset ?? 0;
  const stack = new ElementStack();
  /** How many elements of each name are open: a closing tag of a name not open is ignored at once. */
  const open = new Map<string, number>();
  const rules = options.textRules;
  let current: Segment[] = [];
  /** The writable length of `current`, and where its first segment starts (-1: none yet). */
  let currentLength = 0;
  let currentStart = -1;
  let tagName = '';
  /** Where the tag being read starts (its `<`), or -1 outside a tag. */
  let tagStart = -1;
  let attributes: Attribute[] = [];
  let attributeName = '';
  let attributeSegments: Segment[] = [];
  const name = (start: number, end: number) => (options.xml ? source.slice(start, end) : source.slice(start, end).toLowerCase());
  const rule = () => stack.top()?.rule ?? rules?.initial ?? 'convert';
  const skipping = () => stack.top()?.skip ?? false;
  const flush = () => {
    if (currentLength > 0) sink.paragraph({ segments: current });
    current = [];
    currentLength = 0;
    currentStart = -1;
  };
  const range = (start: number, end: number): Segment => ({ start: start + offset, end: end + offset });
  /** Text [start, end) into the current paragraph, cut after a break when the paragraph grows past MAX_PARAGRAPH. */
  const addText = (start: number, end: number) => {
    while (currentLength + (end - start) > MAX_PARAGRAPH) {
      const room = Math.max(0, MAX_PARAGRAPH - currentLength);
      const found = room > 0 ? BREAK.exec(source.slice(start, start + room)) : null;
      if (found) {
        const cut = start + found.index + 1;
        addText(start, cut);
        start = cut;
      } else if (currentLength === 0) {
        break; // one text node longer than the limit, with no break in it: kept whole
      }
      flush();
    }
    if (currentStart < 0) currentStart = start + offset;
    // A text node read in several chunks is still one range.
    const last = current[current.length - 1];
    if (last && !isContext(last) && last.end === start + offset) current[current.length - 1] = range(last.start - offset, end);
    else current.push(range(start, end));
    currentLength += end - start;
  };
  /** Where the last token ended: text never starts before it. */
  let floor = 0;
  const after = (end: number) => {
    if (end > floor) floor = end;
  };

  /** An attribute's raw value ('' when it has entities or is absent: only plain values are compared). */
  const rawValue = (attribute: Attribute) =>
    attribute.segments.map((s) => ('context' in s ? s.context : source.slice(s.start - offset, s.end - offset))).join('');
  /** The current tag's attributes by lower-case name (built on first use: a tag may have thousands). */
  let byName: Map<string, Attribute> | null = null;
  const reader = (wanted: string) => {
    if (!byName) {
      byName = new Map();
      for (const attribute of attributes) if (!byName.has(attribute.name.toLowerCase())) byName.set(attribute.name.toLowerCase(), attribute);
    }
    const found = byName.get(wanted);
    return found ? rawValue(found) : null;
  };
  const charsetEdit = (start: number, end: number): Edit | null => {
    const charset = options.charset;
    if (charset === undefined || charsetFamily(source.slice(start, end)) === charsetFamily(charset)) return null;
    return { start: start + offset, end: end + offset, text: charset };
  };
  /** <meta charset="…"> and <meta http-equiv="Content-Type" content="text/html; charset=…">. */
  const declaredCharset = () => {
    for (const attribute of attributes) {
      if (attribute.segments.length !== 1 || 'context' in attribute.segments[0]!) continue;
      const { start, end } = attribute.segments[0] as { start: number; end: number };
      const s = start - offset, e = end - offset;
      let edit: Edit | null = null;
      if (attribute.name.toLowerCase() === 'charset') {
        const value = source.slice(s, e);
        const lead = value.length - value.trimStart().length;
        edit = charsetEdit(s + lead, s + value.trimEnd().length);
      } else if (attribute.name.toLowerCase() === 'content' && (reader('http-equiv') ?? '').trim().toLowerCase() === 'content-type') {
        const found = /charset\s*=\s*["']?([^"';\s]+)/i.exec(source.slice(s, e));
        if (found) {
          const at = s + found.index + found[0].length - found[1]!.length;
          edit = charsetEdit(at, at + found[1]!.length);
        }
      }
      if (edit) sink.edit(edit);
    }
  };
  const finishTag = (selfClosing: boolean) => {
    tagStart = -1;
    const local = localName(tagName);
    const parentRule = rule();
    const skip = skipping() || skipsElement(local, reader);
    const inline = isInline(local) && !skip;
    if (!inline) flush();
    if (local.toLowerCase() === 'meta') declaredCharset();
    if (!skip) {
      for (const attribute of attributes) {
        if (convertsAttribute(local, attribute.name, reader)) {
          if (attribute.segments.some((s) => !('context' in s))) sink.paragraph({ segments: attribute.segments });
        } else if ((attribute.name === 'lang' || attribute.name === 'xml:lang') && options.retag && attribute.segments.length === 1) {
          const segment = attribute.segments[0]!;
          if ('context' in segment) continue;
          const tag = options.retag(source.slice(segment.start - offset, segment.end - offset));
          if (tag) sink.edit({ start: segment.start, end: segment.end, text: tag });
        }
      }
    }
    const isVoid = selfClosing || (!options.xml && VOID_ELEMENTS.has(tagName));
    if (isVoid) return;
    const textRule = rules ? rules.enter(local, parentRule) : parentRule;
    stack.push({ name: tagName, skip, inline, rule: textRule });
    open.set(tagName, (open.get(tagName) ?? 0) + 1);
  };

  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      tagStart = start - 1;
      tagName = name(start, end);
      attributes = [];
      byName = null;
    },
    onattribname(start, end) {
      attributeName = name(start, end);
      attributeSegments = [];
    },
    onattribdata(start, end) {
      if (!(start >= floor && end > start && end <= fed)) return;
      // A value read in several chunks is still one range.
      const last = attributeSegments[attributeSegments.length - 1];
      if (last && !isContext(last) && last.end === start + offset) attributeSegments[attributeSegments.length - 1] = range(last.start - offset, end);
      else attributeSegments.push(range(start, end));
    },
    onattribentity(codepoint) {
      attributeSegments.push({ context: String.fromCodePoint(codepoint) });
    },
    onattribend() {
      attributes.push({ name: attributeName, segments: attributeSegments });
    },
    onopentagend(end) {
      after(end + 1);
      finishTag(false);
    },
    onselfclosingtag(end) {
      after(end + 1);
      finishTag(true);
    },
    onclosetag(start, end) {
      after(end + 1);
      const closing = name(start, end);
      if (!open.get(closing)) return; // nothing of that name is open: a stray closing tag
      for (;;) {
        const element = stack.pop();
        open.set(element.name, open.get(element.name)! - 1);
        if (!element.inline) flush();
        if (element.name === closing) break;
      }
    },
    ontext(from, end) {
      // Text from -1: htmlparser2 hands the rest of the input as text when it ends inside a closing tag after its
      // name (`</a 软件`, `</</软件` in XML mode; it reports nothing for other unfinished tags). It is that tag's
      // inside, which browsers drop, not text: left as written. (Converted, a stream would have to hold all of it
      // until the end, however long, to convert it as the whole document does.)
      if (from < 0) return;
      const start = Math.max(from, floor);
      after(end);
      if (skipping() || start >= end) return;
      const textRule = rule();
      if (textRule === 'convert') {
        addText(start, end);
      } else if (textRule === 'language' && options.retag) {
        const raw = source.slice(start, end);
        const tag = options.retag(raw);
        if (tag) sink.edit({ start: start + offset, end: end + offset, text: raw.replace(raw.trim(), tag) });
      }
    },
    ontextentity(codepoint, end) {
      after(end);
      if (skipping() || rule() !== 'convert') return;
      const at = source.ampersand(end) + offset;
      if (currentStart < 0) currentStart = at;
      current.push({ context: String.fromCodePoint(codepoint), at });
    },
    oncomment(_start, end) {
      after(end);
    },
    oncdata(_start, end) {
      after(end);
      flush();
    },
    ondeclaration(_start, end) {
      after(end);
    },
    onprocessinginstruction(_start, end) {
      after(end);
    },
    onend() {},
  };
  const tokenizer = new Tokenizer({ xmlMode: options.xml, decodeEntities: true }, callbacks);
  /** How much text was written. */
  let fed = 0;
  let first = true;
  return {
    write(chunk) {
      if (first) {
        first = false;
        // The XML declaration can only open the document.
        const declaration = /^\uFEFF?\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(chunk);
        if (declaration) {
          const end = declaration[0].length - 1;
          const edit = charsetEdit(end - declaration[1]!.length, end);
          if (edit) sink.edit(edit);
        }
      }
      fed += chunk.length;
      tokenizer.write(chunk);
    },
    end() {
      tokenizer.end();
      flush();
    },
    settled() {
      // What the tokenizer has read but not reported (text before an entity, a tag's name) starts at sectionStart.
      const pending = (tokenizer as unknown as { sectionStart: number }).sectionStart;
      let at = fed;
      if (pending >= 0 && pending < at) at = pending;
      if (tagStart >= 0 && tagStart < at) at = tagStart;
      if (currentStart >= 0 && currentStart - offset < at) at = currentStart - offset;
      return at + offset;
    },
  };
}

export function extractMarkup(source: string, options: MarkupOptions): Extraction {
  const paragraphs: Paragraph[] = [];
  const edits: Edit[] = [];
  const text: SourceText = { slice: (start, end) => source.slice(start, end), ampersand: (end) => source.lastIndexOf('&', end - 1) };
  const extractor = markupExtractor(text, options, { paragraph: (p) => paragraphs.push(p), edit: (e) => edits.push(e) });
  extractor.write(source);
  extractor.end();
  return { paragraphs, edits };
}

/**
 * HTML converted as it is read, in memory bounded by the longest paragraph or tag (MAX_PARAGRAPH) whatever the
 * document's size or nesting: what is settled (no paragraph still open reaches back into it) is converted and
 * returned with each chunk. The output is convertSource()'s on the whole document.
 */
/** How much of a document's start is read at most before anything else, for its XML declaration. */
const HEAD = 4096;

/** Whether the start of a document shows whether it opens with an XML declaration, and all of it. */
function declarationRead(head: string): boolean {
  const start = head.replace(/^\uFEFF?\s*/, '');
  if (start.length === 0) return false;
  return !'<?xml'.startsWith(start.slice(0, 5)) || head.includes('?>');
}

export function markupStream(converter: TextConverter, options: MarkupOptions): DocumentStream {
  const stream = extractionStream(converter, (source, sink) =>
    markupExtractor({ slice: source.slice, ampersand: (end) => source.lastIndexOf('&', end - 1) }, { ...options, offset: 0 }, sink));
  /** The start of the document, held until it is long enough to show an XML declaration. */
  let head: string | null = '';
  return {
    push(chunk) {
      if (head === null) return stream.push(chunk);
      head += chunk;
      if (head.length < HEAD && !declarationRead(head)) return '';
      const first = head;
      head = null;
      return stream.push(first);
    },
    end() {
      const out = head ? stream.push(head) : '';
      head = null;
      return out + stream.end();
    },
  };
}

const HTML_HEAD = /^\uFEFF?\s*(?:<!--[^]*?-->\s*)*<(?:!doctype\s+html|html[\s>])/i;

export const htmlFormat: StreamingTextFormat = {
  name: 'html',
  binary: false,
  extensions: ['html', 'htm'],
  description: 'HTML: text and the attributes people read',
  sniff: (head) => HTML_HEAD.test(head),
  extract: (source, options) => extractMarkup(source, { ...options, xml: false }),
  stream: (converter, options) => markupStream(converter, { ...options, xml: false }),
};

export const xhtmlFormat: StreamingTextFormat = {
  name: 'xhtml',
  binary: false,
  extensions: ['xhtml', 'xht'],
  description: 'XHTML (XML rules)',
  sniff: (head) => /^\uFEFF?\s*<\?xml\b[^>]*\?>\s*(?:<!DOCTYPE html[^>]*>\s*)?<html\b[^>]*xmlns="http:\/\/www\.w3\.org\/1999\/xhtml"/.test(head),
  extract: (source, options) => extractMarkup(source, { ...options, xml: true }),
  stream: (converter, options) => markupStream(converter, { ...options, xml: true }),
};
