/**
 * OpenDocument: text (.odt), spreadsheets (.ods) and presentations (.odp), their templates, and the charts and
 * objects embedded in them (Object N/content.xml). Converted: paragraphs and headings (text:p, text:h) with their
 * spans, links and fields — body, tables, headers and footers (styles.xml), footnotes and endnotes (each note body
 * its own paragraphs), comments (office:annotation), text boxes and shapes, slide and notes text, tracked deletions
 * (the deleted paragraphs); shape titles and descriptions; document properties (meta.xml: title, subject,
 * description, keywords). Not converted: note citations, author names and dates, attributes (link targets,
 * sheet, range and style names, formulas), number formats, and the text of a cell that is a formula's or a number's
 * rendering. fo:language/fo:country (and the Asian and complex pairs) follow the target when they name the source
 * side; font families only with the fonts option. A password-protected document is refused.
 */
import type { BinaryContext, BinaryFormat } from '../format.js';
import type { LanguageRetag } from '../language-tags.js';
import { convertParts, isZip, officeFormat, openContainer, partText } from './container.js';
import { mapFont, type FontMap } from './fonts.js';
import { dcLanguage, escapeXml, extractXmlText, unescapeXml, type Role, type XmlElement, type XmlRules } from './xml-text.js';
import type { ByteSource } from '../zip.js';

const NS = 'urn:oasis:names:tc:opendocument:xmlns:';
const TEXT = `${NS}text:1.0`;
const OFFICE = `${NS}office:1.0`;
const TABLE = `${NS}table:1.0`;
const STYLE = `${NS}style:1.0`;
const FO = `${NS}xsl-fo-compatible:1.0`;
const SVG = `${NS}svg-compatible:1.0`;
const META = `${NS}meta:1.0`;
const DC = 'http://purl.org/dc/elements/1.1/';

const inParagraph = (parent: Role | null) => parent === 'paragraph' || parent === 'text';

function textRole(local: string, parent: Role | null): Role {
  switch (local) {
    case 'p':
    case 'h':
      return 'paragraph';
    case 'note-citation':
    case 'ruby-text': // a reading guide above the base text, which would otherwise cut the base's words apart
      return 'skip';
    case 'note':
    case 'note-body':
    case 'tracked-changes':
    case 'changed-region':
      return 'none';
    case 'deletion':
      return 'deletion';
    default:
      return inParagraph(parent) ? 'text' : 'none';
  }
}

/** A cell whose text is a formula's result or the rendering of a number, date or boolean keeps it. */
function cellRole(element: XmlElement, source: string): Role {
  for (const attribute of element.attributes()) {
    if (attribute.uri === TABLE && attribute.local === 'formula') return 'skip';
    if (attribute.uri === OFFICE && attribute.local === 'value-type' && source.slice(attribute.start, attribute.end) !== 'string') return 'skip';
  }
  return 'none';
}

function role(element: XmlElement, parent: Role | null, source: string, chart: boolean): Role {
  switch (element.uri) {
    case TEXT:
      return textRole(element.local, parent);
    case TABLE:
      return element.local === 'table-cell' || element.local === 'covered-table-cell' ? cellRole(element, source) : 'none';
    case OFFICE:
      return element.local === 'change-info' ? 'skip' : 'none';
    case SVG:
      // In a chart's data table, a cell's svg:desc holds the range it was read from (数据.A2:数据.A4), not words.
      return !chart && (element.local === 'title' || element.local === 'desc') ? 'paragraph' : 'none';
    case DC:
      return !inParagraph(parent) && (element.local === 'title' || element.local === 'subject' || element.local === 'description') ? 'text' : 'skip';
    case META:
      return element.local === 'keyword' ? 'text' : element.local === 'date-string' ? 'skip' : 'none';
    default:
      return 'none';
  }
}

const LANGUAGE_PAIRS: readonly (readonly [string, string, string, string])[] = [
  [FO, 'language', FO, 'country'],
  [STYLE, 'language-asian', STYLE, 'country-asian'],
  [STYLE, 'language-complex', STYLE, 'country-complex'],
];
const RFC_TAGS = new Set(['rfc-language-tag', 'rfc-language-tag-asian', 'rfc-language-tag-complex']);
const FONT_FAMILIES = new Set(['font-family', 'font-family-asian', 'font-family-complex']);

/** A font family value: a name, or a quoted one ('Microsoft YaHei'). */
function mapFamily(fonts: FontMap, value: string): string | null {
  const quoted = /^\s*(['"])(.*)\1\s*$/.exec(value);
  const mapped = mapFont(fonts, quoted ? quoted[2]! : value);
  return mapped === null ? null : quoted ? `${quoted[1]}${mapped}${quoted[1]}` : mapped;
}

function odfRules(source: string, retag: LanguageRetag | null, fonts: FontMap | null): XmlRules {
  let chart = false;
  return {
    role: (element, parent) => {
      if (element.uri === OFFICE && element.local === 'chart') chart = true; // the body of a chart object
      return role(element, parent, source, chart);
    },
    separator: (element) => (element.uri !== TEXT ? null : element.local === 'tab' ? '\t' : element.local === 'line-break' ? '\n'
      : element.local === 's' ? ' ' : null),
    paragraphsHoldText: true,
    // A link's title (its tooltip); a cell's validation help and error messages are elements (text:p) already.
    textAttributes: new Map([[`${TEXT} a`, ['title']]]),
    attributeElements: new Set([`${STYLE} text-properties`, `${STYLE} font-face`]),
    attributeEdits(element, source, edits) {
      const attributes = element.attributes();
      const find = (uri: string, local: string) => attributes.find((a) => a.uri === uri && a.local === local);
      if (retag) {
        for (const [languageUri, languageLocal, countryUri, countryLocal] of LANGUAGE_PAIRS) {
          const language = find(languageUri, languageLocal), country = find(countryUri, countryLocal);
          if (!language || !country) continue;
          const tag = retag(`${unescapeXml(source, language.start, language.end)}-${unescapeXml(source, country.start, country.end)}`);
          const parts = tag ? /^([a-z]{2,3})-([A-Z]{2})$/.exec(tag) : null;
          if (!parts) continue;
          edits.push({ start: language.start, end: language.end, text: parts[1]! }, { start: country.start, end: country.end, text: parts[2]! });
        }
        for (const attribute of attributes) {
          if (attribute.uri !== STYLE || !RFC_TAGS.has(attribute.local)) continue;
          const tag = retag(unescapeXml(source, attribute.start, attribute.end));
          if (tag) edits.push({ start: attribute.start, end: attribute.end, text: escapeXml(tag) });
        }
      }
      if (fonts) {
        for (const attribute of attributes) {
          const family = (attribute.uri === SVG && attribute.local === 'font-family') ||
            ((attribute.uri === STYLE || attribute.uri === FO) && FONT_FAMILIES.has(attribute.local));
          if (!family) continue;
          const mapped = mapFamily(fonts, unescapeXml(source, attribute.start, attribute.end));
          if (mapped !== null) edits.push({ start: attribute.start, end: attribute.end, text: escapeXml(mapped) });
        }
      }
    },
    ...dcLanguage(retag),
  };
}

const MIMETYPES: Readonly<Record<string, RegExp>> = {
  odt: /^application\/vnd\.oasis\.opendocument\.text(-template|-master|-web)?$/,
  ods: /^application\/vnd\.oasis\.opendocument\.spreadsheet(-template)?$/,
  odp: /^application\/vnd\.oasis\.opendocument\.presentation(-template)?$/,
};

/** The parts that hold text: content, styles (headers, footers, master pages) and properties, and embedded objects'. */
const TEXT_PARTS = /^(?:.*\/)?(?:content|styles)\.xml$|^meta\.xml$/;

function convertOdf(bytes: Uint8Array | ByteSource, context: BinaryContext, kind: 'odt' | 'ods' | 'odp'): Iterable<Uint8Array> {
  const container = openContainer(bytes, kind.toUpperCase(), context.limits, context.inflation);
  if (!container.archive.get('mimetype')) throw container.invalid('it has no mimetype entry, so it is not an OpenDocument');
  const mimetype = partText(container, 'mimetype').trim();
  if (!/^application\/vnd\.oasis\.opendocument\./.test(mimetype)) throw container.invalid(`its mimetype is ${mimetype}`);
  if (container.archive.get('META-INF/manifest.xml') && /<(\w+:)?encryption-data\b/.test(partText(container, 'META-INF/manifest.xml'))) {
    throw container.invalid('it is password-protected (encrypted); remove the password (File › Properties › Security) and convert again');
  }
  const parts = container.archive.entries.map((e) => e.name).filter((name) => TEXT_PARTS.test(name));
  return convertParts(container, parts, context, (name, source, each) =>
    extractXmlText(source, odfRules(source, context.retag, context.fonts ?? null), (reason) => container.invalid(`${name} has ${reason}`), each));
}

/** The OpenDocument kind of a zip from its first entry, "mimetype", stored uncompressed as the standard requires. */
export function sniffOdf(head: Uint8Array): 'odt' | 'ods' | 'odp' | null {
  if (!isZip(head) || head.length < 30) return null;
  const nameLength = head[26]! | (head[27]! << 8), extraLength = head[28]! | (head[29]! << 8);
  const size = head[18]! | (head[19]! << 8);
  if (nameLength !== 8 || new TextDecoder('latin1').decode(head.subarray(30, 38)) !== 'mimetype') return null;
  const start = 30 + nameLength + extraLength;
  const mimetype = new TextDecoder('latin1').decode(head.subarray(start, Math.min(head.length, start + size))).trim();
  for (const [kind, pattern] of Object.entries(MIMETYPES)) if (pattern.test(mimetype)) return kind as 'odt' | 'ods' | 'odp';
  return null;
}

function odfFormat(name: 'odt' | 'ods' | 'odp', extensions: readonly string[], description: string): BinaryFormat {
  return officeFormat(name, extensions, description, sniffOdf, convertOdf);
}

export const odtFormat = odfFormat('odt', ['odt', 'ott', 'odm'],
  'OpenDocument text: body, tables, headers, footers, notes, comments, frames, tracked deletions, properties');
export const odsFormat = odfFormat('ods', ['ods', 'ots'],
  'OpenDocument spreadsheets: string cells, comments, shapes, properties; formulas, numbers and names kept');
export const odpFormat = odfFormat('odp', ['odp', 'otp'],
  'OpenDocument presentations: slides, notes, shapes, properties');
