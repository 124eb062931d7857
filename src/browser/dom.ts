/**
 * fanjian/dom: convert a live page (or part of it) in place, follow content added later, and restore it exactly.
 *
 * What is converted is the HTML format's policy (src/formats/html.ts): text nodes and the attributes people
 * read, never <code>, <pre>, <script>, translate="no", class notranslate, nor editable fields. A paragraph's text
 * is converted as one text across inline elements (头<b>发</b> is the word 头发), then cut back into its nodes.
 * Every value written is recorded with its original, so restore() puts back exactly what was there.
 */
import { CONFIGS, type ConfigName, type ExplainSpan } from '../index.js';
import { convertsAttribute, HTML_TEXT_POLICY, skipsElement } from '../formats/html.js';
import { languageRetag, localeTag } from '../formats/language-tags.js';

/** A converter from createConverter / loadConverter, or anything with convert (explain makes cuts exact). */
export interface TextConverter {
  convert(text: string): string;
  explain?(text: string): readonly ExplainSpan[];
  readonly config?: ConfigName;
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

const OBSERVED_ATTRIBUTES = [...HTML_TEXT_POLICY.textAttributes, 'content', 'value', 'lang'];

const attributeValue = (element: Element) => (name: string) => (element.getAttribute(name) ?? '').trim().toLowerCase();

function isSkipped(element: Element): boolean {
  if (element instanceof HTMLElement && element.isContentEditable) return true;
  return skipsElement(element.localName.toLowerCase(), attributeValue(element));
}

function breaksText(element: Element): boolean {
  return !HTML_TEXT_POLICY.inlineElements.has(element.localName.toLowerCase());
}

/** Whether a node sits inside an element that is not converted (checked for content added later). */
function insideSkipped(node: Node, root: Node): boolean {
  for (let at = node.parentNode; at && at !== root.parentNode; at = at.parentNode) {
    if (at.nodeType === Node.ELEMENT_NODE && isSkipped(at as Element)) return true;
  }
  return false;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * The converted text of each piece, given the pieces of one text. With explain's spans each change stays in the
 * piece it came from; a change that straddles pieces is cut by position when it keeps its length (and no
 * surrogate pair is cut), else goes whole to the piece where it starts.
 */
/** @internal exported for tests */
export function convertPieces(pieces: readonly string[], converter: TextConverter | ((text: string) => string)): string[] {
  const text = pieces.join('');
  const convert = typeof converter === 'function' ? converter : (t: string) => converter.convert(t);
  if (pieces.length === 1) return [convert(text)];
  const ends: number[] = [];
  let total = 0;
  for (const piece of pieces) ends.push((total += piece.length));
  const out = pieces.map(() => '');
  const pieceAt = (index: number) => {
    let p = 0;
    while (ends[p]! <= index) p++;
    return p;
  };
  /** Appends source range [from, from + target.length) converted to `target`, cut at piece boundaries by position. */
  const place = (from: number, sourceLength: number, target: string) => {
    const first = pieceAt(from);
    const last = pieceAt(from + sourceLength - 1);
    if (first === last) {
      out[first] += target;
      return;
    }
    const cuts = ends.slice(first, last).map((end) => end - from);
    const positional = target.length === sourceLength &&
      cuts.every((cut) => !isHighSurrogate(target.charCodeAt(cut - 1)) && !isHighSurrogate(text.charCodeAt(from + cut - 1)));
    let previous = 0;
    for (let p = first; p <= last; p++) {
      const cut = p < last ? cuts[p - first]! : sourceLength;
      out[p] += positional ? target.slice(previous, cut) : p === first ? target : '';
      previous = cut;
    }
  };
  const spans = typeof converter === 'function' ? null : converter.explain?.(text);
  if (spans) {
    let at = 0;
    for (const span of spans) {
      if (span.index > at) place(at, span.index - at, text.slice(at, span.index));
      place(span.index, span.source.length, span.target);
      at = span.index + span.source.length;
    }
    if (at < text.length) place(at, text.length - at, text.slice(at));
    return out;
  }
  const whole = convert(text);
  if (whole.length !== text.length) return pieces.map(convert); // cannot tell where the pieces went
  place(0, text.length, whole);
  return out;
}

/** Convert `root` (a document or an element) in place. */
export function convertDom(root: Document | Element, options: DomConversionOptions): DomConversion {
  if (!options || (typeof options.converter !== 'function' && typeof options.converter?.convert !== 'function')) {
    throw new TypeError('convertDom needs { converter }: a converter from createConverter/loadConverter or a function');
  }
  const converter = options.converter;
  const convertOne = typeof converter === 'function' ? converter : (text: string) => converter.convert(text);
  const top = root.nodeType === Node.DOCUMENT_NODE ? (root as Document).documentElement : (root as Element);
  const config = typeof converter === 'function' ? undefined : CONFIGS.find((c) => c.name === converter.config);
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
    const converted = convertPieces(run.map((node) => node.data), converter);
    run.forEach((node, i) => writeText(node, converted[i]!));
  };
  const convertAttributes = (element: Element) => {
    const local = element.localName.toLowerCase();
    const value = attributeValue(element);
    for (const { name, value: raw } of Array.from(element.attributes)) {
      const lower = name.toLowerCase();
      if (convertsAttribute(local, lower, value)) {
        writeAttribute(element, name, convertOne(raw));
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
      const boundary = breaksText(element);
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
