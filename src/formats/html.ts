/**
 * HTML and XHTML: convert text nodes and the attributes people read, nothing else. htmlparser2's tokenizer gives
 * the source offset of every token, so converted ranges are spliced into the original and all other bytes —
 * markup, URLs, entities, whitespace — stay exactly as they were.
 *
 * Not converted: <script>, <style>, <code>, <pre>, <kbd>, <samp>, <var>, <textarea> and anything inside an
 * element with translate="no" or class notranslate / ignore-opencc; tag and attribute names; attributes other
 * than the human-facing ones below; entities (the text around them is converted). lang / xml:lang naming the
 * source side are rewritten to the target's tag. With `charset`, a declaration of another encoding (<meta
 * charset>, <meta http-equiv=Content-Type>, <?xml encoding?>) is rewritten to it, so a GBK page saved as UTF-8
 * does not tell browsers it is GBK.
 */
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import type { LanguageRetag } from './language-tags.js';
import { applyEdits, convertRange, type Edit } from './splice.js';

export interface MarkupOptions {
  /** XHTML / XML rules (EPUB): case-sensitive names, self-closing tags, no HTML raw-text elements. */
  readonly xml: boolean;
  readonly convert: (text: string) => string;
  readonly retag: LanguageRetag | null;
  /**
   * What to do with text at a path of open elements (names as written): convert it (the default), skip it, or
   * treat it as a language tag (an OPF's dc:language).
   */
  readonly textRule?: (path: readonly string[]) => 'convert' | 'skip' | 'language';
  /** The encoding label the output will be saved in (see the module comment). */
  readonly charset?: string;
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

/**
 * What HTML conversion touches, in one place: convertMarkup (files) and the live-page converter (fanjian/dom)
 * both decide by these, so a page converted on disk and in the browser changes the same text.
 */
export const HTML_TEXT_POLICY = {
  /** Elements whose content is never converted (code, scripts, editable text). */
  skippedElements: new Set(['script', 'style', 'code', 'pre', 'kbd', 'samp', 'var', 'textarea']),
  /** Classes that exclude an element's content (besides translate="no"). */
  skippedClasses: ['notranslate', 'ignore-opencc'],
  /** Attributes that hold text for people, on any element. */
  textAttributes: new Set(['title', 'alt', 'placeholder', 'aria-label', 'aria-description', 'aria-roledescription',
    'aria-placeholder', 'aria-valuetext', 'label']),
  /** <meta name|property=…> whose content is text for people. */
  metaText: new Set(['description', 'keywords', 'og:title', 'og:description', 'og:site_name', 'twitter:title',
    'twitter:description', 'application-name', 'apple-mobile-web-app-title']),
  /** <input type=…> whose value is a visible label. */
  buttonInputs: new Set(['button', 'submit', 'reset']),
  /**
   * Phrasing elements that do not interrupt a sentence: their text and their neighbours' form one text
   * (头<b>发</b> is the word 头发). Anything else, and <br>, <img> and other void elements, ends one.
   */
  inlineElements: new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins',
    'label', 'mark', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u']),
} as const;

/**
 * Whether an element's content is excluded from conversion. `value` gives an attribute's value trimmed and
 * lower-cased ('' when absent); `element` is the local name in lower case.
 */
export function skipsElement(element: string, value: (attribute: string) => string): boolean {
  const classes = value('class').split(/\s+/);
  return HTML_TEXT_POLICY.skippedElements.has(element) || value('translate') === 'no' ||
    HTML_TEXT_POLICY.skippedClasses.some((c) => classes.includes(c));
}

/** Whether an attribute (lower-case name) of an element holds text for people. */
export function convertsAttribute(element: string, attribute: string, value: (attribute: string) => string): boolean {
  if (HTML_TEXT_POLICY.textAttributes.has(attribute)) return true;
  if (element === 'meta' && attribute === 'content') {
    return HTML_TEXT_POLICY.metaText.has(value('name')) || HTML_TEXT_POLICY.metaText.has(value('property'));
  }
  return element === 'input' && attribute === 'value' && HTML_TEXT_POLICY.buttonInputs.has(value('type'));
}

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

interface Attribute {
  readonly name: string;
  /** Raw value pieces between entities. */
  readonly pieces: [number, number][];
}

interface OpenElement {
  readonly name: string;
  readonly skip: boolean;
}

export function convertMarkup(source: string, options: MarkupOptions): string {
  const edits: Edit[] = [];
  const stack: OpenElement[] = [];
  let tagName = '';
  let attributes: Attribute[] = [];
  let attributeName = '';
  let pieces: [number, number][] = [];
  const name = (start: number, end: number) => (options.xml ? source.slice(start, end) : source.slice(start, end).toLowerCase());
  const skipping = () => stack.length > 0 && stack[stack.length - 1]!.skip;

  /** An attribute's raw value, trimmed and lower-cased ('' when absent). */
  const valueOf = (attribute: string) => {
    const found = attributes.find((a) => a.name === attribute);
    return found ? found.pieces.map(([s, e]) => source.slice(s, e)).join('').trim().toLowerCase() : '';
  };
  /** <meta charset="…"> and <meta http-equiv="Content-Type" content="text/html; charset=…">. */
  const declaredCharset = () => {
    for (const attribute of attributes) {
      if (attribute.pieces.length !== 1) continue;
      const [s, e] = attribute.pieces[0]!;
      let edit: Edit | null = null;
      if (attribute.name.toLowerCase() === 'charset') {
        const value = source.slice(s, e);
        const lead = value.length - value.trimStart().length;
        edit = charsetEdit(source, s + lead, s + value.trimEnd().length, options.charset);
      } else if (attribute.name.toLowerCase() === 'content' && valueOf('http-equiv') === 'content-type') {
        const found = /charset\s*=\s*["']?([^"';\s]+)/i.exec(source.slice(s, e));
        if (found) {
          const at = s + found.index + found[0].length - found[1]!.length;
          edit = charsetEdit(source, at, at + found[1]!.length, options.charset);
        }
      }
      if (edit) edits.push(edit);
    }
  };
  const finishTag = (selfClosing: boolean) => {
    const local = tagName.replace(/^.*:/, '').toLowerCase();
    const skip = skipping() || skipsElement(local, valueOf);
    if (local === 'meta') declaredCharset();
    if (!skip) {
      for (const attribute of attributes) {
        if (convertsAttribute(local, attribute.name.toLowerCase(), valueOf)) {
          for (const [s, e] of attribute.pieces) edits.push(convertRange(source, s, e, options.convert));
        } else if ((attribute.name === 'lang' || attribute.name === 'xml:lang') && options.retag && attribute.pieces.length === 1) {
          const [s, e] = attribute.pieces[0]!;
          const tag = options.retag(source.slice(s, e));
          if (tag) edits.push({ start: s, end: e, text: tag });
        }
      }
    }
    const isVoid = selfClosing || (!options.xml && VOID_ELEMENTS.has(tagName));
    if (!isVoid) stack.push({ name: tagName, skip });
  };

  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      tagName = name(start, end);
      attributes = [];
    },
    onattribname(start, end) {
      attributeName = name(start, end);
      pieces = [];
    },
    onattribdata(start, end) {
      pieces.push([start, end]);
    },
    onattribentity() {},
    onattribend() {
      attributes.push({ name: attributeName, pieces });
    },
    onopentagend() {
      finishTag(false);
    },
    onselfclosingtag() {
      finishTag(true);
    },
    onclosetag(start, end) {
      const closing = name(start, end);
      const at = stack.map((e) => e.name).lastIndexOf(closing);
      if (at >= 0) stack.length = at;
    },
    ontext(start, end) {
      if (skipping()) return;
      const rule = options.textRule?.(stack.map((e) => e.name)) ?? 'convert';
      if (rule === 'convert') {
        edits.push(convertRange(source, start, end, options.convert));
      } else if (rule === 'language' && options.retag) {
        const raw = source.slice(start, end);
        const tag = options.retag(raw);
        if (tag) edits.push({ start, end, text: raw.replace(raw.trim(), tag) });
      }
    },
    ontextentity() {},
    oncomment() {},
    oncdata() {},
    ondeclaration() {},
    onprocessinginstruction() {},
    onend() {},
  };
  // The XML declaration can only open the document.
  const declaration = /^\uFEFF?\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(source);
  if (declaration) {
    const end = declaration[0].length - 1;
    const edit = charsetEdit(source, end - declaration[1]!.length, end, options.charset);
    if (edit) edits.push(edit);
  }
  const tokenizer = new Tokenizer({ xmlMode: options.xml, decodeEntities: true }, callbacks);
  tokenizer.write(source);
  tokenizer.end();
  return applyEdits(source, edits);
}
