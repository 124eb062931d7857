/**
 * HTML and XHTML: convert text nodes and the attributes people read, nothing else. htmlparser2's tokenizer gives
 * the source offset of every token, so converted ranges are spliced into the original and all other bytes —
 * markup, URLs, entities, whitespace — stay exactly as they were.
 *
 * Not converted: <script>, <style>, <code>, <pre>, <kbd>, <samp>, <var>, <textarea> and anything inside an
 * element with translate="no" or class notranslate / ignore-opencc; tag and attribute names; attributes other
 * than the human-facing ones below; entities (the text around them is converted). lang / xml:lang naming the
 * source side are rewritten to the target's tag.
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
}

const SKIPPED_ELEMENTS = new Set(['script', 'style', 'code', 'pre', 'kbd', 'samp', 'var', 'textarea']);
const SKIPPED_CLASSES = ['notranslate', 'ignore-opencc'];
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Attributes that hold text for people, on any element. */
const TEXT_ATTRIBUTES = new Set(['title', 'alt', 'placeholder', 'aria-label', 'aria-description', 'aria-roledescription',
  'aria-placeholder', 'aria-valuetext', 'label']);
const META_TEXT = new Set(['description', 'keywords', 'og:title', 'og:description', 'og:site_name', 'twitter:title',
  'twitter:description', 'application-name', 'apple-mobile-web-app-title']);
const BUTTON_INPUTS = new Set(['button', 'submit', 'reset']);

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
  const convertsAttribute = (element: string, attribute: string) => {
    if (TEXT_ATTRIBUTES.has(attribute)) return true;
    if (element === 'meta' && attribute === 'content') return META_TEXT.has(valueOf('name')) || META_TEXT.has(valueOf('property'));
    return element === 'input' && attribute === 'value' && BUTTON_INPUTS.has(valueOf('type'));
  };
  const finishTag = (selfClosing: boolean) => {
    const local = tagName.replace(/^.*:/, '').toLowerCase();
    const classes = valueOf('class').split(/\s+/);
    const skip = skipping() || SKIPPED_ELEMENTS.has(local) || valueOf('translate') === 'no' ||
      SKIPPED_CLASSES.some((c) => classes.includes(c));
    if (!skip) {
      for (const attribute of attributes) {
        if (convertsAttribute(local, attribute.name.toLowerCase())) {
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
  const tokenizer = new Tokenizer({ xmlMode: options.xml, decodeEntities: true }, callbacks);
  tokenizer.write(source);
  tokenizer.end();
  return applyEdits(source, edits);
}
