/**
 * What is converted in HTML: one definition for HTML/XHTML documents (html.ts, EPUB) and the browser's live-page
 * converter, so a page converts the same whether it is a file or a tab.
 *
 * Text nodes are converted except inside the skipped elements (code and other machine text, scripts, styles,
 * form fields holding what the user typed) and elements marked translate="no" or class notranslate /
 * ignore-opencc; on a live page also inside editable elements (contenteditable), where the user is typing.
 * Attributes are converted when people read them (title, alt, placeholder, aria-label…), plus <meta> contents
 * shown in search results and link previews and the value of button inputs. Inline elements (b, a, span…) do
 * not break a paragraph: the text on both sides is converted as one (软<b>件</b> → 軟<b>體</b> under s2twp);
 * any other element does.
 * Names are local names (no prefix), lower case for HTML.
 */

/** Elements whose content is never converted. */
export const SKIPPED_ELEMENTS: ReadonlySet<string> = new Set(['script', 'style', 'code', 'pre', 'kbd', 'samp', 'var', 'textarea']);

/** Classes that mark content not to convert (Google Translate's convention, and OpenCC's HTML tools'). */
export const SKIPPED_CLASSES: readonly string[] = ['notranslate', 'ignore-opencc'];

/** Attributes that hold text for people, on any element. */
export const TEXT_ATTRIBUTES: ReadonlySet<string> = new Set(['title', 'alt', 'placeholder', 'aria-label', 'aria-description',
  'aria-roledescription', 'aria-placeholder', 'aria-valuetext', 'label']);

/** <meta name|property=…> whose content is text for people. */
export const META_TEXT_NAMES: ReadonlySet<string> = new Set(['description', 'keywords', 'og:title', 'og:description',
  'og:site_name', 'twitter:title', 'twitter:description', 'application-name', 'apple-mobile-web-app-title']);

/** <input type=…> whose value is a label people read. */
export const BUTTON_INPUT_TYPES: ReadonlySet<string> = new Set(['button', 'submit', 'reset']);

/** Elements that do not break a paragraph (phrasing content that holds text). */
export const INLINE_ELEMENTS: ReadonlySet<string> = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'data', 'del',
  'dfn', 'em', 'font', 'i', 'ins', 'mark', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt',
  'u', 'wbr']);

/** HTML elements without content (no end tag). */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link',
  'meta', 'param', 'source', 'track', 'wbr']);

/** Reads an attribute of the element being decided: its value, or null when absent. */
export type AttributeReader = (name: string) => string | null;

export interface PolicyOptions {
  /** A live page: also skip editable content. */
  readonly live?: boolean;
}

const lower = (value: string | null) => (value ?? '').trim().toLowerCase();

/** Whether an element's content (text and attributes, descendants included) is left as it is. */
export function skipsElement(localName: string, attribute: AttributeReader, options: PolicyOptions = {}): boolean {
  if (SKIPPED_ELEMENTS.has(localName.toLowerCase())) return true;
  if (lower(attribute('translate')) === 'no') return true;
  const classes = lower(attribute('class')).split(/\s+/);
  if (SKIPPED_CLASSES.some((c) => classes.includes(c))) return true;
  if (options.live) {
    const editable = attribute('contenteditable');
    if (editable !== null && lower(editable) !== 'false') return true;
  }
  return false;
}

/** Whether an attribute of an element is text for people. */
export function convertsAttribute(localName: string, attributeName: string, attribute: AttributeReader): boolean {
  const element = localName.toLowerCase(), name = attributeName.toLowerCase();
  if (TEXT_ATTRIBUTES.has(name)) return true;
  if (element === 'meta' && name === 'content') return META_TEXT_NAMES.has(lower(attribute('name'))) || META_TEXT_NAMES.has(lower(attribute('property')));
  return element === 'input' && name === 'value' && BUTTON_INPUT_TYPES.has(lower(attribute('type')));
}

/** Whether text on both sides of the element (and inside it) reads as one paragraph. */
export function isInline(localName: string): boolean {
  return INLINE_ELEMENTS.has(localName.toLowerCase());
}
