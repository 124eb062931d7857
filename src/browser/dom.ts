/**
 * fanjian/dom: convert a live page (or part of it) in place, follow content added later, and restore it exactly.
 *
 * What is converted is the HTML format's policy (src/formats/html-policy.ts, for a live page): text nodes and the
 * attributes people read, never <code>, <pre>, <script>, translate="no", class notranslate, nor editable content.
 * A paragraph's text is converted as one text across inline elements (头<b>发</b> is the word 头发), then cut back
 * into its nodes by the documents' driver (src/formats/driver.ts), as files are.
 * Every value written is recorded with its original, so restore() puts back exactly what was there.
 */
import { CONFIGS, PAIRS, type ConversionName, type ExplainSpan } from '../index.js';
import { changesFrom, convertPieces, type TextConverter as PieceConverter } from '../formats/driver.js';
import { convertsAttribute, isInline, skipsElement, TEXT_ATTRIBUTES } from '../formats/html-policy.js';
import { languageRetag, localeTag } from '../formats/language-tags.js';

/** A converter from createConverter / loadConverter, or anything with convert (explain makes cuts exact). */
export interface TextConverter {
  convert(text: string): string;
  explain?(text: string): readonly ExplainSpan[];
  /** A configuration or a chained pair (hk2tw): what convertDom writes into `lang` follows its target. */
  readonly config?: ConversionName;
}

export interface DomConversionOptions {
  readonly converter: TextConverter | ((text: string) => string);
  /**
   * The language tag written into `lang`: by default the converter's target (zh-TW for s2tw), set on the root
   * element and rewritten on descendants whose lang names the source side; a string forces a tag on the root;
   * false leaves every lang alone.
   */
  readonly lang?: string | false;
  /** Convert content added or changed later (a MutationObserver) until restore() or disconnect(). */
  readonly observe?: boolean;
}

export interface DomConversion {
  /** Puts back every text and attribute value as it was (and stops observing). */
  restore(): void;
  /** Stops observing; the page stays converted. */
  disconnect(): void;
  /** Converts pending observed changes now instead of at the observer's next callback. */
  flush(): void;
  /** How many text nodes and attributes are currently converted. */
  readonly changed: number;
}

const OBSERVED_ATTRIBUTES = [...TEXT_ATTRIBUTES, 'content', 'value', 'lang'];

const reader = (element: Element) => (name: string) => element.getAttribute(name);

function isSkipped(element: Element): boolean {
  // isContentEditable also covers what the attribute alone does not show: designMode, inherited editing.
  if (element instanceof HTMLElement && element.isContentEditable) return true;
  return skipsElement(element.localName, reader(element), { live: true });
}

/** Whether a node sits inside an element that is not converted (checked for content added later). */
function insideSkipped(node: Node, root: Node): boolean {
  for (let at = node.parentNode; at && at !== root.parentNode; at = at.parentNode) {
    if (at.nodeType === Node.ELEMENT_NODE && isSkipped(at as Element)) return true;
  }
  return false;
}

/** @internal The driver's view of the converter: with explain(), changes that place converted text exactly across nodes. */
export function pieceConverter(converter: TextConverter | ((text: string) => string)): PieceConverter {
  if (typeof converter === 'function') return { convert: converter };
  const convert = (text: string) => converter.convert(text);
  return converter.explain ? { convert, changes: changesFrom((text) => converter.explain!(text)) } : { convert };
}

/** Convert `root` (a document or an element) in place. */
export function convertDom(root: Document | Element, options: DomConversionOptions): DomConversion {
  if (!options || (typeof options.converter !== 'function' && typeof options.converter?.convert !== 'function')) {
    throw new TypeError('convertDom needs { converter }: a converter from createConverter/loadConverter or a function');
  }
  const converter = options.converter;
  const pieces = pieceConverter(converter);
  const top = root.nodeType === Node.DOCUMENT_NODE ? (root as Document).documentElement : (root as Element);
  const config = typeof converter === 'function' ? undefined : [...CONFIGS, ...PAIRS].find((c) => c.name === converter.config);
  const retag = options.lang !== false && config ? languageRetag(config.from, config.to) : null;
  const rootLang = typeof options.lang === 'string' ? options.lang : config && options.lang !== false ? localeTag(config.to) : null;

  /** Original values: text nodes, and attributes (null = the attribute was absent). */
  const texts = new Map<Text, string>();
  const attributes = new Map<Element, Map<string, string | null>>();

  const writeText = (node: Text, value: string) => {
    if (node.data === value) return;
    if (!texts.has(node)) texts.set(node, node.data);
    node.data = value;
  };
  const writeAttribute = (element: Element, name: string, value: string) => {
    const old = element.getAttribute(name);
    if (old === value) return;
    let saved = attributes.get(element);
    if (!saved) attributes.set(element, (saved = new Map()));
    if (!saved.has(name)) saved.set(name, old);
    element.setAttribute(name, value);
  };

  const convertRun = (run: Text[]) => {
    if (run.length === 0 || run.every((node) => !/\S/.test(node.data))) return;
    const converted = convertPieces(run.map((node) => node.data), pieces).texts;
    run.forEach((node, i) => writeText(node, converted[i]!));
  };
  const convertAttributes = (element: Element) => {
    for (const { name, value: raw } of Array.from(element.attributes)) {
      const lower = name.toLowerCase();
      if (convertsAttribute(element.localName, lower, reader(element))) {
        writeAttribute(element, name, pieces.convert(raw));
      } else if (retag && (lower === 'lang' || lower === 'xml:lang') && element !== top) {
        const tag = retag(raw);
        if (tag) writeAttribute(element, name, tag);
      }
    }
  };
  /** Converts a subtree: attributes element by element, text in runs that end at every non-inline boundary. */
  const convertTree = (start: Node) => {
    let run: Text[] = [];
    const visit = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        run.push(node as Text);
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      const element = node as Element;
      const boundary = !isInline(element.localName);
      if (boundary) {
        convertRun(run);
        run = [];
      }
      if (!isSkipped(element)) {
        convertAttributes(element);
        for (let child = element.firstChild; child; child = child.nextSibling) visit(child);
      }
      if (boundary) {
        convertRun(run);
        run = [];
      }
    };
    visit(start);
    convertRun(run);
  };

  const setLang = () => {
    if (!rootLang) return;
    const current = top.getAttribute('lang');
    if (typeof options.lang === 'string' || current === null || retag?.(current)) writeAttribute(top, 'lang', rootLang);
  };

  let observer: MutationObserver | null = null;
  const handle = (records: readonly MutationRecord[]) => {
    const added = new Set<Node>();
    for (const record of records) {
      if (record.type === 'childList') {
        record.addedNodes.forEach((node) => added.add(node));
      } else if (record.type === 'characterData') {
        const node = record.target as Text;
        // The page wrote this text: that is its new original.
        if (texts.has(node)) texts.delete(node);
        added.add(node);
      } else if (record.type === 'attributes' && record.attributeName) {
        const element = record.target as Element;
        attributes.get(element)?.delete(record.attributeName);
        if (!insideSkipped(element, top) && !isSkipped(element)) convertAttributes(element);
      }
    }
    for (const node of added) {
      // Nodes added inside other added nodes, or removed again, are handled once, from where they are now.
      if (!top.contains(node) || insideSkipped(node, top)) continue;
      let nested = false;
      for (let at = node.parentNode; at && at !== top && !nested; at = at.parentNode) nested = added.has(at);
      if (!nested) convertTree(node);
    }
    observer?.takeRecords(); // our own writes
  };

  setLang();
  convertTree(top);
  if (options.observe) {
    observer = new MutationObserver(handle);
    observer.observe(top, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: OBSERVED_ATTRIBUTES });
  }

  const disconnect = () => {
    if (!observer) return;
    const pending = observer.takeRecords();
    if (pending.length) handle(pending);
    observer.disconnect();
    observer = null;
  };
  return {
    restore() {
      disconnect();
      for (const [node, original] of texts) node.data = original;
      for (const [element, saved] of attributes) {
        for (const [name, original] of saved) {
          if (original === null) element.removeAttribute(name);
          else element.setAttribute(name, original);
        }
      }
      texts.clear();
      attributes.clear();
    },
    disconnect,
    flush() {
      if (observer) handle(observer.takeRecords());
    },
    get changed() {
      let count = texts.size;
      for (const saved of attributes.values()) count += saved.size;
      return count;
    },
  };
}
