/**
 * Office Open XML: Word (.docx), Excel (.xlsx) and PowerPoint (.pptx) documents, their templates and macro-enabled
 * variants. The parts are found through [Content_Types].xml, not by name, and read with one vocabulary, since
 * Word documents hold DrawingML shapes and charts, and spreadsheets hold drawings:
 *
 * - WordprocessingML: a paragraph is a w:p, its text the w:t of its runs — body, tables, headers, footers,
 *   footnotes, endnotes, comments, text boxes (w:txbxContent, a paragraph inside a run of the outer one), content
 *   controls, field results. Inserted text (w:ins) reads with its paragraph; deleted text (w:delText in w:del,
 *   w:t in w:moveFrom) is converted in the paragraph as it was (see xml-text.ts). Not converted: field codes
 *   (w:instrText), every attribute (hyperlink targets, bookmark and style names, form-field data).
 * - SpreadsheetML: a shared string (si) or inline string (is) is a paragraph, rich runs included; cell comments,
 *   threaded comments, sheet headers and footers (between their codes). Not converted: formulas (f), cached values
 *   (v), phonetic runs (rPh), sheet and defined names, number formats, and strings that name a table column or a
 *   pivot field (see fieldNames).
 * - DrawingML / PresentationML: a:p with its a:r/a:t and a:fld text — slides, notes, masters, layouts, shapes,
 *   chart titles, SmartArt; slide comments (p:text).
 * - Charts (c:): besides their DrawingML titles, the cached labels of categories and series (c:strCache, c:strLit,
 *   c:tx/c:v), each point a paragraph; never formula references (c:f) or numbers (c:numRef, c:numLit).
 * - Document properties (docProps/core.xml): title, subject, keywords, description, category; dc:language follows
 *   the target. Author names are not converted.
 *
 * w:lang / w:themeFontLang (val, eastAsia, bidi) and DrawingML lang / altLang follow the target when they name the
 * source side; font names (w:rFonts, w:font, a:latin/a:ea/a:cs, theme a:font) only with the fonts option.
 */
import { isContext, type BinaryContext, type BinaryFormat, type Paragraph } from '../format.js';
import { convertParts, isZip, officeFormat, openContainer, partText, type OfficeContainer } from './container.js';
import { mapFont, type FontMap } from './fonts.js';
import { dcLanguage, escapeXml, extractXmlText, unescapeXml, type Role, type XmlElement, type XmlRules } from './xml-text.js';
import type { LanguageRetag } from '../language-tags.js';
import type { ByteSource } from '../zip.js';

const W = ['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main'];
const A = ['http://schemas.openxmlformats.org/drawingml/2006/main', 'http://purl.oclc.org/ooxml/drawingml/main'];
const S = ['http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main'];
const P = ['http://schemas.openxmlformats.org/presentationml/2006/main', 'http://purl.oclc.org/ooxml/presentationml/main'];
const C = ['http://schemas.openxmlformats.org/drawingml/2006/chart', 'http://purl.oclc.org/ooxml/drawingml/chart'];
const THREADED = 'http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments';
/** Office 2016 charts (chartex: waterfall, treemap, sunburst, histogram, box, funnel, map), word/charts/chartEx1.xml. */
const CX = 'http://schemas.microsoft.com/office/drawing/2014/chartex';
const DC = 'http://purl.org/dc/elements/1.1/';
const CP = 'http://schemas.openxmlformats.org/package/2006/metadata/core-properties';

type Vocabulary = 'w' | 'a' | 's' | 'p' | 'c' | 'cx' | 'threaded' | 'other';

const VOCABULARIES = new Map<string, Vocabulary>([
  ...W.map((uri) => [uri, 'w'] as const), ...A.map((uri) => [uri, 'a'] as const), ...S.map((uri) => [uri, 's'] as const),
  ...P.map((uri) => [uri, 'p'] as const), ...C.map((uri) => [uri, 'c'] as const), [CX, 'cx'], [THREADED, 'threaded'],
]);

function vocabulary(uri: string): Vocabulary {
  return VOCABULARIES.get(uri) ?? 'other';
}

function role(element: XmlElement, parent: Role | null): Role {
  const local = element.local;
  switch (vocabulary(element.uri)) {
    case 'w':
      if (local === 'p') return 'paragraph';
      if (local === 't' || local === 'delText') return 'text';
      if (local === 'del' || local === 'moveFrom') return 'deletion';
      if (local === 'ins' || local === 'moveTo') return 'insertion';
      // Field codes, form-field data, content-control settings, and ruby text (a reading guide above the base text,
      // which would otherwise cut the base's words apart).
      if (local === 'instrText' || local === 'delInstrText' || local === 'ffData' || local === 'sdtPr' || local === 'rt') return 'skip';
      return 'none';
    case 'a':
      if (local === 'p') return 'paragraph';
      return local === 't' ? 'text' : 'none';
    case 's':
      if (local === 'si' || local === 'is' || (local === 'text' && parent === null)) return 'paragraph';
      if (HEADER_FOOTER.has(local)) return 'text';
      if (local === 't') return parent === 'paragraph' ? 'text' : 'none';
      return local === 'rPh' || local === 'phoneticPr' ? 'skip' : 'none';
    case 'p':
      return local === 'text' ? 'text' : 'none';
    case 'c':
      // Charts: titles and axis titles are DrawingML text (a:p); the cached text of categories and series names
      // (c:strCache, c:strLit, multi-level labels) is a label per point, c:tx/c:v a literal series name. Formula
      // references (c:f) and numbers (c:numRef, c:numLit, their caches and format codes) stay.
      if (local === 'f' || local === 'numRef' || local === 'numLit' || local === 'formatCode') return 'skip';
      if (local === 'pt') return 'paragraph';
      return local === 'v' ? 'text' : 'none';
    case 'cx':
      // chartex: rich titles and labels are DrawingML (a:p); a literal title or series name is cx:txData/cx:v, and
      // the cached labels of a string dimension are its cx:lvl/cx:pt, each a text of its own. Formulas (cx:f, a
      // dimension's name formula cx:nf) and numeric dimensions (cx:numDim: values, their format) stay.
      if (local === 'f' || local === 'nf' || local === 'numDim' || local === 'formatCode') return 'skip';
      return local === 'v' || local === 'pt' ? 'text' : 'none';
    case 'threaded':
      return local === 'text' ? 'text' : 'none';
    default:
      return 'none';
  }
}

const WP = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing';
const XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const PIC = 'http://schemas.openxmlformats.org/drawingml/2006/picture';

/**
 * Attributes people read: the alt text (descr) and title of pictures and shapes, hyperlink tooltips, and a cell's
 * data-validation prompt and error message. Object names (name) are not: macros and animations refer to them.
 */
const TEXT_ATTRIBUTES = new Map<string, readonly string[]>([
  [`${WP} docPr`, ['descr', 'title']], [`${XDR} cNvPr`, ['descr', 'title']], [`${PIC} cNvPr`, ['descr', 'title']],
  ...P.map((p) => [`${p} cNvPr`, ['descr', 'title']] as const),
  ...W.map((w) => [`${w} hyperlink`, ['tooltip']] as const),
  ...A.map((a) => [`${a} hlinkClick`, ['tooltip']] as const),
  ...S.map((s) => [`${s} dataValidation`, ['promptTitle', 'prompt', 'errorTitle', 'error']] as const),
]);

/** Attributes holding language tags and font names, by element (`uri local`). */
const LANGUAGE_ATTRIBUTES = new Map<string, readonly string[]>();
const FONT_ATTRIBUTES = new Map<string, readonly string[]>();
for (const w of W) {
  LANGUAGE_ATTRIBUTES.set(`${w} lang`, ['val', 'eastAsia', 'bidi']);
  LANGUAGE_ATTRIBUTES.set(`${w} themeFontLang`, ['val', 'eastAsia', 'bidi']);
  FONT_ATTRIBUTES.set(`${w} rFonts`, ['ascii', 'hAnsi', 'eastAsia', 'cs']);
  FONT_ATTRIBUTES.set(`${w} font`, ['name']);
  FONT_ATTRIBUTES.set(`${w} altName`, ['val']);
}
for (const a of A) {
  for (const local of ['rPr', 'endParaRPr', 'defRPr']) LANGUAGE_ATTRIBUTES.set(`${a} ${local}`, ['lang', 'altLang']);
  for (const local of ['latin', 'ea', 'cs', 'sym', 'font']) FONT_ATTRIBUTES.set(`${a} ${local}`, ['typeface']);
}
for (const s of S) FONT_ATTRIBUTES.set(`${s} rFont`, ['val']);

/** A worksheet's page headers and footers: text among codes. */
const HEADER_FOOTER = new Set(['oddHeader', 'oddFooter', 'evenHeader', 'evenFooter', 'firstHeader', 'firstFooter']);

/**
 * The codes of a header or footer: &"font,style", &K colour, &12 size, and one-letter codes (&L &C &R sections,
 * &P page, &A sheet name, &B bold…); && is a literal ampersand, text.
 */
function headerCodes(element: XmlElement): ((text: string) => [number, number][]) | null {
  if (vocabulary(element.uri) !== 's' || !HEADER_FOOTER.has(element.local)) return null;
  return (text) => [...text.matchAll(/&&|&(?:"[^"]*"?|K(?:[0-9A-Fa-f]{6}|\d{2}[+-]\d{3})|\d+|[^&])/g)]
    .filter((m) => m[0] !== '&&').map((m) => [m.index, m.index + m[0].length]);
}

/** Tabs and breaks inside a run (w:tab also names a tab stop in w:tabs, which is no text). */
function separator(element: XmlElement, parent: string): string | null {
  const local = element.local;
  const kind = vocabulary(element.uri);
  if (kind === 'a') return local === 'br' ? '\n' : null;
  if (kind !== 'w' || (parent !== 'r' && !parent.endsWith(':r'))) return null;
  return local === 'tab' || local === 'ptab' ? '\t' : local === 'br' || local === 'cr' ? '\n' : null;
}

/**
 * For --explain: a shared string by its number in the table (1-based, as the strings are listed), an inline string
 * by its cell's address; other paragraphs by their number.
 */
function paragraphName(element: XmlElement, number: number, parent: XmlElement | null, source: string): string | null {
  if (vocabulary(element.uri) !== 's') return null;
  if (element.local === 'si') return `string ${number}`;
  if (element.local === 'is' && parent?.local === 'c') {
    const address = parent.attributes().find((a) => a.uri === '' && a.local === 'r');
    if (address) return `cell ${source.slice(address.start, address.end)}`;
  }
  return null;
}

/** The rules for an OOXML part under a conversion's language retag and font mapping. */
export function ooxmlRules(retag: LanguageRetag | null, fonts: FontMap | null): XmlRules {
  const elements = new Set<string>([...(retag ? LANGUAGE_ATTRIBUTES.keys() : []), ...(fonts ? FONT_ATTRIBUTES.keys() : [])]);
  return {
    role,
    separator,
    paragraphName,
    codes: headerCodes,
    textAttributes: TEXT_ATTRIBUTES,
    attributeElements: elements,
    attributeEdits(element, source, edits) {
      const key = element.key;
      const languages = retag ? LANGUAGE_ATTRIBUTES.get(key) : undefined;
      const fontNames = fonts ? FONT_ATTRIBUTES.get(key) : undefined;
      for (const attribute of element.attributes()) {
        const value = () => unescapeXml(source, attribute.start, attribute.end);
        let replacement: string | null = null;
        if (languages?.includes(attribute.local)) replacement = retag!(value());
        else if (fontNames?.includes(attribute.local)) replacement = mapFont(fonts!, value());
        if (replacement !== null) edits.push({ start: attribute.start, end: attribute.end, text: escapeXml(replacement) });
      }
    },
  };
}

/** docProps/core.xml: the properties people read, and dc:language. */
function coreRules(retag: LanguageRetag | null): XmlRules {
  return {
    role(element, parent) {
      if (parent === 'skip') return 'skip';
      if (element.uri === CP && element.local === 'coreProperties') return 'none';
      const text = (element.uri === DC && (element.local === 'title' || element.local === 'subject' || element.local === 'description')) ||
        (element.uri === CP && (element.local === 'keywords' || element.local === 'category'));
      return text ? 'text' : 'skip';
    },
    paragraphName: (element) => element.local, // title, subject, keywords…
    ...dcLanguage(retag),
  };
}

/** Content types of parts that hold no text or are not for the reader. */
const NOT_TEXT = /relationships\+xml$|content-types|extended-properties|custom-properties|vbaProject|customXml|\.vml$|printerSettings|keymapCustomizations/i;
const CORE_PROPERTIES = 'application/vnd.openxmlformats-package.core-properties+xml';

/** The content type of every part, from [Content_Types].xml (Override by part name, else Default by extension). */
function contentTypes(container: OfficeContainer): Map<string, string> {
  const source = partText(container, '[Content_Types].xml');
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  for (const match of source.matchAll(/<(?:\w+:)?(Default|Override)\b([^>]*)>/g)) {
    const attribute = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`).exec(match[2]!)?.[1];
    const type = attribute('ContentType');
    if (typeof type !== 'string') continue;
    if (match[1] === 'Default') {
      const extension = attribute('Extension');
      if (typeof extension === 'string') defaults.set(extension.toLowerCase(), type);
    } else {
      const part = attribute('PartName');
      if (typeof part === 'string') overrides.set(decodeURIComponent(part.replace(/^\//, '')).toLowerCase(), type);
    }
  }
  const types = new Map<string, string>();
  for (const entry of container.archive.entries) {
    if (entry.name.endsWith('/')) continue;
    const extension = /\.([^./]+)$/.exec(entry.name)?.[1]?.toLowerCase() ?? '';
    const type = overrides.get(entry.name.toLowerCase()) ?? defaults.get(extension);
    if (type) types.set(entry.name, type);
  }
  return types;
}

/**
 * The names of Excel table columns and pivot-cache fields. A table's header cells must equal its column names, and
 * formulas (structured references such as Table1[产品]) and pivot tables refer to them by name, so the strings
 * that are such names are kept: converting them would break the workbook.
 */
function fieldNames(container: OfficeContainer, types: ReadonlyMap<string, string>): Set<string> {
  const names = new Set<string>();
  for (const [name, type] of types) {
    const pattern = /spreadsheetml\.table\+xml$/.test(type) ? /<(?:\w+:)?tableColumn\b[^>]*?\sname="([^"]*)"/g
      : /spreadsheetml\.pivotCacheDefinition\+xml$/.test(type) ? /<(?:\w+:)?cacheField\b[^>]*?\sname="([^"]*)"/g
      : null;
    if (!pattern) continue;
    const source = partText(container, name);
    for (const match of source.matchAll(pattern)) names.add(unescapeXml(match[1]!, 0, match[1]!.length));
  }
  return names;
}

const MAIN_TYPES: Readonly<Record<string, RegExp>> = {
  docx: /wordprocessingml\.(document|template)\.main\+xml|ms-word\.(document|template)\.macroEnabled(Template)?\.main\+xml/i,
  xlsx: /spreadsheetml\.(sheet|template)\.main\+xml|ms-excel\.(sheet|template)\.macroEnabled(\.main)?\+xml|ms-excel\.sheet\.binary/i,
  pptx: /presentationml\.(presentation|template|slideshow)\.main\+xml|ms-powerpoint\.(presentation|template|slideshow)\.macroEnabled(\.main)?\+xml/i,
};

function convertOoxml(bytes: Uint8Array | ByteSource, context: BinaryContext, kind: 'docx' | 'xlsx' | 'pptx'): Iterable<Uint8Array> {
  const container = openContainer(bytes, kind.toUpperCase(), context.limits, context.inflation);
  if (!container.archive.get('[Content_Types].xml')) {
    throw container.invalid('it has no [Content_Types].xml, so it is not an Office Open XML document');
  }
  const types = contentTypes(container);
  const main = [...types.values()].find((type) => Object.values(MAIN_TYPES).some((pattern) => pattern.test(type)));
  if (!main) throw container.invalid('[Content_Types].xml names no Word, Excel or PowerPoint main part');
  if (/ms-excel\.sheet\.binary/i.test(main)) throw container.invalid('it is a binary workbook (.xlsb), which fanjian does not convert; save it as .xlsx');
  const rules = ooxmlRules(context.retag, context.fonts ?? null);
  const core = coreRules(context.retag);
  const parts = [...types].filter(([, type]) => type === CORE_PROPERTIES || (/xml$/i.test(type) && !NOT_TEXT.test(type))).map(([name]) => name);
  const keep = fieldNames(container, types);
  return convertParts(container, parts, context, (name, source, each) => {
    const kept = keep.size > 0 && /spreadsheetml\.(sharedStrings|worksheet)/.test(types.get(name) ?? '');
    const text = (paragraph: Paragraph) => paragraph.segments.map((s) => (isContext(s) ? s.context : source.slice(s.start, s.end))).join('');
    return extractXmlText(source, types.get(name) === CORE_PROPERTIES ? core : rules, (reason) => container.invalid(`${name} has ${reason}`),
      kept ? (paragraph) => { if (!keep.has(text(paragraph))) each(paragraph); } : each);
  });
}

/** The OOXML kind of a zip, from [Content_Types].xml when the head holds it, else from its first entries' names. */
export function sniffOoxml(head: Uint8Array): 'docx' | 'xlsx' | 'pptx' | null {
  if (!isZip(head)) return null;
  const text = new TextDecoder('latin1').decode(head.subarray(0, Math.min(head.length, 64 * 1024)));
  // Local header names: a Word document's parts are under word/, a workbook's under xl/, a presentation's under ppt/.
  const names = [...text.matchAll(/PK\x03\x04[\s\S]{22}([\s\S])([\s\S])[\s\S]{2}/g)].map((m) => {
    const at = m.index + 30;
    const length = m[1]!.charCodeAt(0) | (m[2]!.charCodeAt(0) << 8);
    return text.slice(at, at + length);
  });
  if (!names.includes('[Content_Types].xml') && !names.includes('_rels/.rels')) return null;
  for (const name of names) {
    if (name.startsWith('word/')) return 'docx';
    if (name.startsWith('xl/')) return 'xlsx';
    if (name.startsWith('ppt/')) return 'pptx';
  }
  return null;
}

function ooxmlFormat(name: 'docx' | 'xlsx' | 'pptx', extensions: readonly string[], description: string): BinaryFormat {
  return officeFormat(name, extensions, description, sniffOoxml, convertOoxml);
}

// Legacy binary extensions (.doc, .xls, .ppt) are listed so that such a file is refused with its reason and the fix
// (save as .docx…) rather than read as text.
export const docxFormat = ooxmlFormat('docx', ['docx', 'docm', 'dotx', 'dotm', 'doc', 'dot'],
  'Word documents (Office Open XML): body, tables, headers, footers, notes, comments, text boxes, tracked changes, properties');
export const xlsxFormat = ooxmlFormat('xlsx', ['xlsx', 'xlsm', 'xltx', 'xltm', 'xls', 'xlt'],
  'Excel workbooks (Office Open XML): shared and inline strings, comments, drawings, properties; formulas and names kept');
export const pptxFormat = ooxmlFormat('pptx', ['pptx', 'pptm', 'potx', 'potm', 'ppsx', 'ppsm', 'ppt', 'pot', 'pps'],
  'PowerPoint presentations (Office Open XML): slides, notes, masters, comments, properties');

