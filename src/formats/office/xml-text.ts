/**
 * The text of an Office XML part (WordprocessingML, SpreadsheetML, DrawingML, OpenDocument), as paragraphs of
 * source ranges for the shared driver. A format describes its vocabulary as rules: which elements are paragraphs
 * (a Word w:p, a spreadsheet cell's string, an ODF text:p), which hold text (w:t), deleted text (w:delText) or
 * nothing to convert (w:instrText, a formula cell), and which attributes to rewrite (language tags, font names).
 *
 * The scanner is linear and keeps an explicit stack, so nesting depth costs nothing (a text box's paragraphs sit
 * inside a run of the outer paragraph: text always goes to the innermost open paragraph). Names are resolved
 * against their namespace declarations, so `w:t`, `<t xmlns="…">` and `<x:t>` are the same element.
 *
 * Tracked changes: a paragraph is converted as it reads with every change accepted (inserted text in context);
 * when it holds deleted text, a second reading — the paragraph as it was, every change rejected — converts the
 * deleted text with the surrounding text as context (read, never written), so both readings see whole phrases.
 */
import type { Edit } from '../splice.js';
import type { LanguageRetag } from '../language-tags.js';
import type { Extraction, Paragraph, Segment } from '../format.js';

/** What an element is to the text extraction. */
export type Role =
  /** Starts a paragraph: its text (in text elements inside) is converted as one. */
  | 'paragraph'
  /** Holds text of the current paragraph (or is a paragraph of its own when none is open). */
  | 'text'
  /** Text elements inside hold deleted text (w:del, w:moveFrom). */
  | 'deletion'
  /** Text elements inside hold inserted text (w:ins, w:moveTo): absent from the paragraph as it was. */
  | 'insertion'
  /** Nothing inside is converted, nested paragraphs included. */
  | 'skip'
  /** Text directly inside is not text (w:r, w:rPr…), but elements inside may be. */
  | 'none';

export interface XmlAttribute {
  /** Namespace URI ('' for an unprefixed attribute). */
  readonly uri: string;
  readonly local: string;
  /** The raw (escaped) value is source[start, end). */
  readonly start: number;
  readonly end: number;
}

export interface XmlElement {
  readonly uri: string;
  readonly local: string;
  /** `uri local`. */
  readonly key: string;
  /** Attributes of the start tag (parsed on first use). */
  attributes(): readonly XmlAttribute[];
}

export interface XmlRules {
  /** The role of an element; `parent` is the role of the innermost enclosing element with a role other than none. */
  role(element: XmlElement, parent: Role | null): Role;
  /**
   * Elements that stand for characters between runs (a tab, a line break): read as that text, so the words on each
   * side are not joined into one (软<w:tab/>件 is not the word 软件).
   */
  separator?(element: XmlElement, parent: string): string | null;
  /**
   * For a text element that is a paragraph of its own: the spans of its (decoded) text that are codes, not words
   * (a spreadsheet header's &"font,style" or &P), read as context and never written.
   */
  codes?(element: XmlElement): ((text: string) => readonly (readonly [number, number])[]) | null;
  /**
   * The name --explain gives a paragraph that `element` opens, the `number`th of the part in document order
   * (default "paragraph N"); `parent` is the enclosing element (a spreadsheet cell names its string by its address).
   */
  paragraphName?(element: XmlElement, number: number, parent: XmlElement | null, source: string): string | null;
  /** Paragraph elements hold text directly (ODF text:p), not only in text elements (w:p > w:r > w:t). */
  readonly paragraphsHoldText?: boolean;
  /** Attributes whose values are text for people (alt text, tooltips): local names by element (`uri local`). */
  readonly textAttributes?: ReadonlyMap<string, readonly string[]>;
  /** Elements whose attributes may need edits (language tags, font names), by `uri local`. */
  readonly attributeElements?: ReadonlySet<string>;
  /** Edits to an element's attributes. */
  attributeEdits?(element: XmlElement, source: string, edits: Edit[]): void;
  /**
   * Called when an element closes, with the range of its content when that is text only (null otherwise): edits
   * to content that is not text to convert (a dc:language tag).
   */
  elementEdits?(element: XmlElement, content: { readonly start: number; readonly end: number } | null, source: string, edits: Edit[]): void;
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The character an entity or character reference stands for, or null when it is not one XML knows. */
export function decodeEntity(entity: string): string | null {
  if (entity.startsWith('#')) {
    const code = entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
    return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
  }
  return PREDEFINED[entity] ?? null;
}

/** Decode the escaped text source[start, end) (an attribute value). */
export function unescapeXml(source: string, start: number, end: number): string {
  const raw = source.slice(start, end);
  return raw.includes('&') ? raw.replace(/&([^;&\s]{1,10});/g, (whole, name: string) => decodeEntity(name) ?? whole) : raw;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

interface Piece {
  readonly segment: Segment;
  readonly deleted: boolean;
  readonly inserted: boolean;
}

/** A segment's text: the source slice, or the decoded entity (not kept on the piece: runs are many). */
function segmentText(source: string, segment: Segment): string {
  return 'start' in segment ? source.slice(segment.start, segment.end) : segment.context;
}

interface Frame {
  readonly name: string;
  /** The role in force inside (the nearest role other than none). */
  readonly inherited: Role | null;
  /** Text directly inside is converted. */
  readonly holdsText: boolean;
  /** Inside a deletion, an insertion. */
  readonly deleted: boolean;
  readonly inserted: boolean;
  readonly skip: boolean;
  /** The paragraph this element opened, if it did, and its name. */
  readonly paragraph: Piece[] | null;
  readonly paragraphName: string;
  readonly xml: XmlElement;
  /** The namespace scope this element opened, if it declared namespaces. */
  readonly scope: Map<string, string> | null;
  /** For a text element with codes among its words (see XmlRules.codes). */
  readonly codes: ((text: string) => readonly (readonly [number, number])[]) | null;
  /** For elementEdits: the element, where its content starts, and whether it has child elements. */
  readonly element: XmlElement | null;
  readonly contentStart: number;
  hasChildren: boolean;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

interface Resolved {
  readonly uri: string;
  readonly local: string;
  readonly key: string;
}

/**
 * The paragraphs of an XML part under a set of rules, and the attribute edits. `invalid` makes the error for
 * malformed markup. With `each`, the paragraphs go to it as they end instead of into the extraction.
 */
export function extractXmlText(source: string, rules: XmlRules, invalid: (reason: string) => Error,
  each?: (paragraph: Paragraph) => void): Extraction {
  const paragraphs: Paragraph[] = [];
  // With `each`, every paragraph is handed over as it ends (and converted then), so a large part's paragraphs are
  // never all held at once.
  const add = each ?? ((paragraph: Paragraph) => paragraphs.push(paragraph));
  const edits: Edit[] = [];
  const stack: Frame[] = [];
  const paragraphStack: Piece[][] = [];
  let scope = new Map<string, string>([['xml', XML_NS]]);
  let cache = new Map<string, Resolved>();

  const resolve = (qname: string, attribute: boolean): Resolved => {
    const colon = qname.indexOf(':');
    const uri = colon < 0 ? (attribute ? '' : scope.get('') ?? '') : scope.get(qname.slice(0, colon)) ?? '';
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    return { uri, local, key: `${uri} ${local}` };
  };

  let count = 0;
  const nameOf = (element: XmlElement, parent: XmlElement | null) => {
    count++;
    return rules.paragraphName?.(element, count, parent, source) ?? `paragraph ${count}`;
  };
  const finishParagraph = (pieces: Piece[], name: string) => {
    if (pieces.length === 0) return;
    const accepted: Segment[] = [];
    let writable = false, deletions = false;
    for (const piece of pieces) {
      if (piece.deleted) {
        deletions = true;
      } else {
        accepted.push(piece.segment);
        writable ||= 'start' in piece.segment;
      }
    }
    if (writable) add({ segments: accepted, name });
    if (deletions) {
      // The paragraph as it was before the changes: deleted text written, the rest read as context.
      const before = pieces.filter((p) => !p.inserted).map((p) => (p.deleted ? p.segment : { context: segmentText(source, p.segment) }));
      add({ segments: before, name });
    }
  };

  let nextAmp = -1;
  let nextXmlns = -1;
  /** The escaped text source[start, end) as pieces: the runs between entities, and each entity as context. */
  const splitText = (start: number, end: number, push: (segment: Segment) => void) => {
    let at = start;
    while (at < end) {
      // Text comes in document order: the next '&' is searched for once, not again from every text node.
      if (nextAmp < at) nextAmp = source.indexOf('&', at) >>> 0; // -1 becomes 2^32 - 1: none
      const stop = nextAmp >= end ? end : nextAmp;
      if (stop > at) push({ start: at, end: stop });
      if (stop === end) break;
      const semi = source.indexOf(';', stop);
      if (semi < 0 || semi >= end) throw invalid(`an unterminated entity at offset ${stop}`);
      const decoded = decodeEntity(source.slice(stop + 1, semi));
      if (decoded === null) throw invalid(`an unknown entity ${source.slice(stop, semi + 1)}`);
      push({ context: decoded, at: stop });
      at = semi + 1;
    }
  };

  const addText = (start: number, end: number, frame: Frame, cdata: boolean) => {
    if (start >= end) return;
    const current = paragraphStack[paragraphStack.length - 1];
    const pieces = current ?? [];
    const { deleted, inserted } = frame;
    const push = (segment: Segment) => pieces.push({ segment, deleted, inserted });
    if (cdata) push({ start, end });
    else splitText(start, end, push);
    // A text element outside any paragraph is one.
    if (!current) finishParagraph(frame.codes ? withCodes(source, pieces, frame.codes) : pieces, nameOf(frame.xml, null));
  };

  let at = 0;
  const length = source.length;
  while (at < length) {
    const open = source.indexOf('<', at);
    const textEnd = open < 0 ? length : open;
    if (textEnd > at) {
      const top = stack[stack.length - 1];
      if (top?.holdsText) addText(at, textEnd, top, false);
    }
    if (open < 0) break;
    const next = source.charCodeAt(open + 1);
    if (next === 0x21 /* ! */) {
      if (source.startsWith('<!--', open)) {
        const close = source.indexOf('-->', open + 4);
        if (close < 0) throw invalid('an unterminated comment');
        at = close + 3;
      } else if (source.startsWith('<![CDATA[', open)) {
        const close = source.indexOf(']]>', open + 9);
        if (close < 0) throw invalid('an unterminated CDATA section');
        const top = stack[stack.length - 1];
        if (top?.holdsText) addText(open + 9, close, top, true);
        at = close + 3;
      } else {
        // <!DOCTYPE …>: Office parts have none; an internal subset could declare entities, which are not expanded.
        if (source.startsWith('<!DOCTYPE', open) && source.slice(open, source.indexOf('>', open)).includes('[')) {
          throw invalid('a DOCTYPE with an internal subset (entity declarations are not allowed in Office documents)');
        }
        const close = source.indexOf('>', open);
        if (close < 0) throw invalid('an unterminated declaration');
        at = close + 1;
      }
      continue;
    }
    if (next === 0x3f /* ? */) {
      const close = source.indexOf('?>', open + 2);
      if (close < 0) throw invalid('an unterminated processing instruction');
      at = close + 2;
      continue;
    }
    if (next === 0x2f /* / */) {
      const close = source.indexOf('>', open + 2);
      if (close < 0) throw invalid('an unterminated end tag');
      const name = source.slice(open + 2, close).trim();
      let index = stack.length - 1;
      while (index >= 0 && stack[index]!.name !== name) index--;
      if (index < 0) throw invalid(`an end tag </${name}> without its start tag`);
      const closing = stack[index]!;
      if (closing.element && !closing.hasChildren && index === stack.length - 1) {
        rules.elementEdits!(closing.element, { start: closing.contentStart, end: open }, source, edits);
      }
      while (stack.length > index) closeFrame(stack.pop()!);
      at = close + 1;
      continue;
    }
    // A start tag: find its end outside quoted attribute values.
    let close = open + 1;
    let quote = 0;
    for (; close < length; close++) {
      const c = source.charCodeAt(close);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) {
        quote = c;
      } else if (c === 0x3e /* > */) {
        break;
      }
    }
    if (close >= length) throw invalid('an unterminated start tag');
    const selfClosing = source.charCodeAt(close - 1) === 0x2f;
    const tagEnd = selfClosing ? close - 1 : close;
    let nameEnd = open + 1;
    while (nameEnd < tagEnd && !isSpace(source.charCodeAt(nameEnd))) nameEnd++;
    const qname = source.slice(open + 1, nameEnd);
    let parsed: XmlAttribute[] | null = null;
    let raw: { qname: string; start: number; end: number }[] | null = null;
    const rawAttributes = () => (raw ??= parseAttributes(source, nameEnd, tagEnd, invalid));
    let opened: Map<string, string> | null = null;
    if (nextXmlns < nameEnd) nextXmlns = source.indexOf('xmlns', nameEnd) >>> 0; // in document order, searched once
    if (nextXmlns < tagEnd) {
      for (const attribute of rawAttributes()) {
        if (attribute.qname === 'xmlns' || attribute.qname.startsWith('xmlns:')) {
          opened ??= new Map(scope);
          opened.set(attribute.qname === 'xmlns' ? '' : attribute.qname.slice(6), unescapeXml(source, attribute.start, attribute.end));
        }
      }
      if (opened) {
        scope = opened;
        cache = new Map();
      }
    }
    let resolved = cache.get(qname);
    if (!resolved) cache.set(qname, (resolved = resolve(qname, false)));
    const element: XmlElement = {
      uri: resolved.uri,
      local: resolved.local,
      key: resolved.key,
      attributes: () => (parsed ??= rawAttributes().map((a) => {
        const { uri, local } = resolve(a.qname, true);
        return { uri, local, start: a.start, end: a.end };
      })),
    };
    const parentFrame = stack[stack.length - 1];
    const inherited = parentFrame ? parentFrame.inherited : null;
    const parentSkip = parentFrame?.skip ?? false;
    const role = parentSkip ? 'skip' : rules.role(element, inherited);
    if (rules.attributeEdits && rules.attributeElements?.has(resolved.key)) {
      rules.attributeEdits(element, source, edits);
    }
    const textAttributes = parentSkip ? undefined : rules.textAttributes?.get(resolved.key);
    if (textAttributes) {
      // Alt text, tooltips, prompts: each value is a paragraph of its own.
      for (const attribute of element.attributes()) {
        if (!textAttributes.includes(attribute.local)) continue;
        const pieces: Piece[] = [];
        splitText(attribute.start, attribute.end, (segment) => pieces.push({ segment, deleted: false, inserted: false }));
        finishParagraph(pieces, nameOf(element, parentFrame?.xml ?? null));
      }
    }
    if (!parentSkip && rules.separator && paragraphStack.length > 0) {
      const separator = rules.separator(element, stack[stack.length - 1]?.name ?? '');
      if (separator !== null) paragraphStack[paragraphStack.length - 1]!.push({
        segment: { context: separator, at: open }, deleted: parentFrame?.deleted ?? false, inserted: parentFrame?.inserted ?? false,
      });
    }
    let paragraph: Piece[] | null = null;
    let paragraphName = '';
    if (role === 'paragraph') {
      paragraph = [];
      paragraphName = nameOf(element, parentFrame?.xml ?? null);
      paragraphStack.push(paragraph);
    }
    const skip = parentSkip || role === 'skip';
    const frame: Frame = {
      name: qname,
      inherited: role === 'none' ? inherited : role,
      holdsText: !skip && (role === 'text' || (role === 'paragraph' && rules.paragraphsHoldText === true)),
      deleted: role === 'deletion' || (parentFrame?.deleted ?? false),
      inserted: role === 'insertion' || (parentFrame?.inserted ?? false),
      skip,
      paragraph,
      paragraphName,
      xml: element,
      scope: opened,
      codes: role === 'text' && rules.codes ? rules.codes(element) : null,
      element: rules.elementEdits ? element : null,
      contentStart: close + 1,
      hasChildren: false,
    };
    if (parentFrame) parentFrame.hasChildren = true;
    if (selfClosing) {
      if (frame.element) rules.elementEdits!(frame.element, null, source, edits);
      closeFrame(frame, opened !== null);
    } else {
      stack.push(frame);
    }
    at = close + 1;
  }
  if (stack.length > 0) throw invalid(`<${stack[stack.length - 1]!.name}> is never closed`);
  return { paragraphs, edits };

  function closeFrame(frame: Frame, restoreScope = frame.scope !== null): void {
    if (frame.paragraph) {
      paragraphStack.pop();
      finishParagraph(frame.paragraph, frame.paragraphName);
    }
    if (restoreScope) {
      // The scope in force outside this element: the innermost open element's that declared one, else the root's.
      let outer: Map<string, string> | null = null;
      for (let i = stack.length - 1; i >= 0 && outer === null; i--) if (stack[i] !== frame) outer = stack[i]!.scope;
      scope = outer ?? new Map([['xml', XML_NS]]);
      cache = new Map();
    }
  }
}

/** The pieces with the characters inside code spans made context (read, never written). */
function withCodes(source: string, pieces: readonly Piece[], codes: (text: string) => readonly (readonly [number, number])[]): Piece[] {
  const texts = pieces.map((p) => segmentText(source, p.segment));
  const spans = codes(texts.join(''));
  if (spans.length === 0) return [...pieces];
  const inCode = new Uint8Array(texts.reduce((n, t) => n + t.length, 0));
  for (const [start, end] of spans) inCode.fill(1, start, end);
  const out: Piece[] = [];
  let offset = 0;
  pieces.forEach((piece, index) => {
    const { segment } = piece;
    const text = texts[index]!;
    if (!('start' in segment)) {
      out.push(piece);
    } else {
      // Split the range where it enters or leaves a code.
      let from = 0;
      for (let i = 1; i <= text.length; i++) {
        if (i < text.length && inCode[offset + i] === inCode[offset + from]) continue;
        out.push({ ...piece, segment: inCode[offset + from] ? { context: text.slice(from, i), at: segment.start + from } : { start: segment.start + from, end: segment.start + i } });
        from = i;
      }
    }
    offset += text.length;
  });
  return out;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function parseAttributes(source: string, start: number, end: number, invalid: (reason: string) => Error): { qname: string; start: number; end: number }[] {
  const attributes: { qname: string; start: number; end: number }[] = [];
  let at = start;
  while (at < end) {
    while (at < end && isSpace(source.charCodeAt(at))) at++;
    if (at >= end) break;
    const eq = source.indexOf('=', at);
    if (eq < 0 || eq >= end) throw invalid(`a malformed attribute at offset ${at}`);
    const qname = source.slice(at, eq).trim();
    let valueAt = eq + 1;
    while (valueAt < end && isSpace(source.charCodeAt(valueAt))) valueAt++;
    const quote = source[valueAt];
    if (quote !== '"' && quote !== "'") throw invalid(`an unquoted attribute value at offset ${valueAt}`);
    const close = source.indexOf(quote, valueAt + 1);
    if (close < 0 || close > end) throw invalid(`an unterminated attribute value at offset ${valueAt}`);
    attributes.push({ qname, start: valueAt + 1, end: close });
    at = close + 1;
  }
  return attributes;
}

const DC = 'http://purl.org/dc/elements/1.1/';

/**
 * Rules that retag the content of dc:language (OOXML core properties, OpenDocument meta.xml), which is a tag, not
 * text to convert.
 */
export function dcLanguage(retag: LanguageRetag | null): Pick<XmlRules, 'elementEdits'> {
  if (!retag) return {};
  return {
    elementEdits(element, content, source, edits) {
      if (element.uri !== DC || element.local !== 'language' || content === null) return;
      const raw = source.slice(content.start, content.end);
      const tag = retag(unescapeXml(source, content.start, content.end));
      if (tag) edits.push({ start: content.start, end: content.end, text: raw.replace(raw.trim(), escapeXml(tag)) });
    },
  };
}
