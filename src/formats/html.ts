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
import type { Extraction, ExtractOptions, Paragraph, Segment, TextFormat } from './format.js';
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

/** An edit that makes the encoding label at source[start, end) say `charset`, or null when it already does. */
function charsetEdit(source: string, start: number, end: number, charset: string | undefined): Edit | null {
  if (charset === undefined || charsetFamily(source.slice(start, end)) === charsetFamily(charset)) return null;
  return { start, end, text: charset };
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

export function extractMarkup(source: string, options: MarkupOptions): Extraction {
  const offset = options.offset ?? 0;
  const paragraphs: Paragraph[] = [];
  const edits: Edit[] = [];
  const stack: OpenElement[] = [];
  /** How many elements of each name are open: a closing tag of a name not open is ignored at once. */
  const open = new Map<string, number>();
  const shared = new Map<string, OpenElement[]>();
  const rules = options.textRules;
  let current: Segment[] = [];
  let tagName = '';
  let attributes: Attribute[] = [];
  let attributeName = '';
  let attributeSegments: Segment[] = [];
  const name = (start: number, end: number) => (options.xml ? source.slice(start, end) : source.slice(start, end).toLowerCase());
  const top = () => stack[stack.length - 1];
  const rule = () => top()?.rule ?? rules?.initial ?? 'convert';
  const skipping = () => top()?.skip ?? false;
  const flush = () => {
    if (current.some((s) => !('context' in s))) paragraphs.push({ segments: current });
    current = [];
  };
  const range = (start: number, end: number): Segment => ({ start: start + offset, end: end + offset });
  /**
   * Where the last token ended: text never starts before it. (htmlparser2 can report text from -1 after a
   * malformed closing tag in XML mode, such as `</<`.)
   */
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
        edit = charsetEdit(source, s + lead, s + value.trimEnd().length, options.charset);
      } else if (attribute.name.toLowerCase() === 'content' && (reader('http-equiv') ?? '').trim().toLowerCase() === 'content-type') {
        const found = /charset\s*=\s*["']?([^"';\s]+)/i.exec(source.slice(s, e));
        if (found) {
          const at = s + found.index + found[0].length - found[1]!.length;
          edit = charsetEdit(source, at, at + found[1]!.length, options.charset);
        }
      }
      if (edit) edits.push({ start: edit.start + offset, end: edit.end + offset, text: edit.text });
    }
  };
  const finishTag = (selfClosing: boolean) => {
    const local = localName(tagName);
    const parentRule = rule();
    const skip = skipping() || skipsElement(local, reader);
    const inline = isInline(local) && !skip;
    if (!inline) flush();
    if (local.toLowerCase() === 'meta') declaredCharset();
    if (!skip) {
      for (const attribute of attributes) {
        if (convertsAttribute(local, attribute.name, reader)) {
          if (attribute.segments.some((s) => !('context' in s))) paragraphs.push({ segments: attribute.segments });
        } else if ((attribute.name === 'lang' || attribute.name === 'xml:lang') && options.retag && attribute.segments.length === 1) {
          const segment = attribute.segments[0]!;
          if ('context' in segment) continue;
          const tag = options.retag(source.slice(segment.start - offset, segment.end - offset));
          if (tag) edits.push({ start: segment.start, end: segment.end, text: tag });
        }
      }
    }
    const isVoid = selfClosing || (!options.xml && VOID_ELEMENTS.has(tagName));
    if (isVoid) return;
    const textRule = rules ? rules.enter(local, parentRule) : parentRule;
    // Open elements are shared records (a million nested <div>s hold a million pointers, not a million objects).
    let variants = shared.get(tagName);
    if (!variants) shared.set(tagName, variants = []);
    let element = variants.find((e) => e.skip === skip && e.inline === inline && e.rule === textRule);
    if (!element) variants.push(element = { name: tagName, skip, inline, rule: textRule });
    stack.push(element);
    open.set(tagName, (open.get(tagName) ?? 0) + 1);
  };

  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      tagName = name(start, end);
      attributes = [];
      byName = null;
    },
    onattribname(start, end) {
      attributeName = name(start, end);
      attributeSegments = [];
    },
    onattribdata(start, end) {
      if (start >= floor && end > start && end <= source.length) attributeSegments.push(range(start, end));
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
        const element = stack.pop()!;
        open.set(element.name, open.get(element.name)! - 1);
        if (!element.inline) flush();
        if (element.name === closing) break;
      }
    },
    ontext(from, end) {
      const start = Math.max(from, floor);
      after(end);
      if (skipping() || start >= end) return;
      const textRule = rule();
      if (textRule === 'convert') {
        current.push(range(start, end));
      } else if (textRule === 'language' && options.retag) {
        const raw = source.slice(start, end);
        const tag = options.retag(raw);
        if (tag) edits.push({ start: start + offset, end: end + offset, text: raw.replace(raw.trim(), tag) });
      }
    },
    ontextentity(codepoint, end) {
      after(end);
      if (skipping() || rule() !== 'convert') return;
      current.push({ context: String.fromCodePoint(codepoint), at: source.lastIndexOf('&', end - 1) + offset });
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
  // The XML declaration can only open the document.
  const declaration = /^\uFEFF?\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(source);
  if (declaration) {
    const end = declaration[0].length - 1;
    const edit = charsetEdit(source, end - declaration[1]!.length, end, options.charset);
    if (edit) edits.push({ start: edit.start + offset, end: edit.end + offset, text: edit.text });
  }
  const tokenizer = new Tokenizer({ xmlMode: options.xml, decodeEntities: true }, callbacks);
  tokenizer.write(source);
  tokenizer.end();
  flush();
  return { paragraphs, edits };
}

const HTML_HEAD = /^\uFEFF?\s*(?:<!--[^]*?-->\s*)*<(?:!doctype\s+html|html[\s>])/i;

export const htmlFormat: TextFormat = {
  name: 'html',
  binary: false,
  extensions: ['html', 'htm'],
  description: 'HTML: text and the attributes people read',
  sniff: (head) => HTML_HEAD.test(head),
  extract: (source, options) => extractMarkup(source, { ...options, xml: false }),
};

export const xhtmlFormat: TextFormat = {
  name: 'xhtml',
  binary: false,
  extensions: ['xhtml', 'xht'],
  description: 'XHTML (XML rules)',
  sniff: (head) => /^\uFEFF?\s*<\?xml\b[^>]*\?>\s*(?:<!DOCTYPE html[^>]*>\s*)?<html\b[^>]*xmlns="http:\/\/www\.w3\.org\/1999\/xhtml"/.test(head),
  extract: (source, options) => extractMarkup(source, { ...options, xml: true }),
};
