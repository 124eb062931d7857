/**
 * Markdown (CommonMark + GFM): text, image descriptions, inline HTML (as HTML) and front matter values are
 * converted; code spans and blocks, link and image URLs, autolinks, definitions and HTML comments are not.
 * Positions from mdast-util-from-markdown point into the source, so everything else stays byte for byte.
 *
 * A paragraph, heading or table cell is one text: the text on both sides of *emphasis*, **strong**, ~~delete~~,
 * links and inline tags (<b>) is converted together; code spans, images and other HTML break it. The tree is
 * walked with an explicit stack (no recursion on nesting).
 */
import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { invalidDocument, type Extraction, type ExtractOptions, type Paragraph, type Segment, type StreamingTextFormat } from './format.js';
import { extractMarkup } from './html.js';
import { isInline } from './html-policy.js';
import { guardMarkdown, MARKDOWN_CHUNK, markdownCuts, maskBrackets, maskDelimiters, plainBlock, referenceAppendix, referenceKey } from './markdown-limits.js';
import { descriptionEnd } from './markdown-inline.js';
import type { MarkdownReferences } from './markdown-references.js';
import { extractMarkdownDocument, markdownStream } from './markdown-stream.js';
import type { Edit } from './splice.js';
import { extractYaml } from './yaml.js';

/** The syntax extensions, made once (a document is parsed in many parts). */
const SYNTAX = { extensions: [frontmatter(['yaml']), gfm()], mdastExtensions: [frontmatterFromMarkdown(['yaml']), gfmFromMarkdown()] };

function parse(source: string): Root {
  try {
    return fromMarkdown(source, SYNTAX);
  } catch (error) {
    // The depth guard should make this unreachable; a parser's stack overflow is still no raw RangeError.
    if (error instanceof RangeError) throw invalidDocument(`The Markdown is nested too deeply to parse (${error.message}); nothing was converted.`);
    throw error;
  }
}

/**
 * Whether micromark reads nothing open at the end of `text` when `lookahead` (the next line) follows: the next line
 * starts a top-level block of its own (for a section cut where an HTML block might still be open).
 */
export function closedMarkdown(text: string, lookahead: string): boolean {
  return closedAt(parse(maskBrackets(maskDelimiters(text + lookahead))), text.length);
}

/** A node's range in the source, for a part parsed at `base` whose own text ends at `limit` (what follows is appended). */
/** Whether the top-level blocks of a part end before `at` and one starts there (nothing open at the cut). */
function closedAt(tree: Root, at: number): boolean {
  let starts = false;
  for (const node of tree.children) {
    const start = node.position?.start.offset ?? -1, end = node.position?.end.offset ?? Infinity;
    if (start < at && end > at) return false;
    if (start === at) starts = true;
  }
  return starts;
}

function range(node: Nodes, base: number, limit: number, floor = 0): [number, number] | null {
  const start = node.position?.start.offset, end = node.position?.end.offset;
  return start === undefined || end === undefined || start >= limit || start < floor ? null : [base + start, base + Math.min(end, limit)];
}

/**
 * The end of a reference label opened by the `[` at `open`: the first `]` not escaped, with no `[` before it (a
 * label holds no unescaped bracket); -1 when there is none before `end`.
 */
function labelEnd(source: string, open: number, end: number): number {
  for (let i = open + 1; i < end; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') return -1;
    else if (c === ']') return i;
  }
  return -1;
}

/** A reference label in the source: its key (as micromark matches it), and its text at [start, end) (-1: not found). */
interface Label {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  /** Found in a definition (not a reference). */
  readonly definition: boolean;
}

/** Nodes that hold a paragraph's text; everything else around text breaks it. */
const BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);
const INLINE_TAG = /^<\/?([A-Za-z][\w-]*)[^]*>$/;

type Task = { readonly node: Nodes; readonly inAutolink: boolean } | 'break';

/** `partSize`: see markdownCuts (smaller in tests, to check that parts parse as the whole does). */
/** `plain`: read plain blocks without the parser (false in tests, to compare). */
/**
 * `references`: the document's definitions and label spellings, when `source` is one section of it (see
 * markdown-references.ts): the labels it uses that others define are appended, and its labels convert as the
 * document's spellings allow; in a survey, what it defines and spells is noted there instead.
 */
export function extractMarkdown(source: string, options: ExtractOptions, partSize = MARKDOWN_CHUNK, plain = true,
  references: MarkdownReferences | null = null): Extraction {
  guardMarkdown(source, options.limits);
  let paragraphs: Paragraph[] = [];
  let edits: Edit[] = [];
  let current: Segment[] = [];
  const flush = () => {
    if (current.length) paragraphs.push({ segments: current });
    current = [];
  };
  const alone = (start: number, end: number) => {
    if (end > start) paragraphs.push({ segments: [{ start, end }] });
  };
  /** A link or image title ("…" at the end of the destination), found in the node's source when written plainly. */
  const title = (value: string | null | undefined, [start, end]: [number, number]) => {
    if (!value) return;
    const found = source.slice(start, end).lastIndexOf(value);
    if (found > 0 && start + found + value.length < end) alone(start + found, start + found + value.length);
  };
  const masked = maskBrackets(maskDelimiters(source));
  // Large documents are parsed in parts (markdownCuts proposes where). A part is parsed with the first line after
  // it and kept only if that line starts a new top-level block: then nothing was open at the cut and the rest
  // parses from there as it does in the whole; otherwise the part is extended (doubling, so linear). A part that
  // uses a reference defined in another part is parsed again with those definitions appended
  // (referenceAppendix), once all are known.
  const candidates = markdownCuts(masked, partSize);
  /** The part parsed: what precedes it (definitions it uses), its position in `source`, its end. */
  let base = 0, limit = 0, floor = 0;
  const stack: Task[] = [];
  const parts: { readonly start: number; readonly end: number; result: Extraction; found: Label[]; readonly defined: Set<string> }[] = [];
  const labels = new Map<string, string>();
  let found: Label[] = [];
  const extractPart = (tree: Root, start: number, end: number, skip = 0): { result: Extraction; found: Label[]; defined: Set<string> } => {
    base = start - skip;
    limit = end - start + skip;
    floor = skip;
    paragraphs = [];
    edits = [];
    found = [];
    const defined = new Set<string>();
    // Definitions count wherever they are (inside quotes and list items too).
    const pending: Nodes[] = [tree];
    while (pending.length) {
      const node = pending.pop()!;
      if ((node.type === 'definition' || node.type === 'footnoteDefinition') && range(node, base, limit, floor)) {
        const label = (node.type === 'footnoteDefinition' ? '^' : '') + (node.label ?? node.identifier);
        defined.add(referenceKey(label));
        if (!labels.has(referenceKey(label))) labels.set(referenceKey(label), label);
        if (references?.phase === 'definitions') references.define(label);
      }
      if ('children' in node) for (const child of node.children as Nodes[]) pending.push(child);
    }
    stack.push({ node: tree, inAutolink: false });
    walk(stack);
    flush();
    return { result: { paragraphs, edits }, found, defined };
  };
  // Blocks of plain text (no Markdown syntax but headings and simple list items) are read without the parser:
  // every place a part may start is tried (plainBlock), and a parsed part ends where such a block starts.
  const blocks = plain && masked.length > partSize ? markdownCuts(masked, 0) : [];
  let b = 0;
  /** The plain block starting at blocks[i] (its ranges), or null. */
  const plainAt = (i: number) => plainBlock(masked, blocks[i]!, i + 1 < blocks.length ? blocks[i + 1]! : masked.length);
  let k = 0;
  for (let start = 0; start < masked.length || parts.length === 0;) {
    while (b < blocks.length && blocks[b]! < start) b++;
    if (b < blocks.length && blocks[b] === start) {
      // A run of plain blocks is one part.
      const texts: Paragraph[] = [];
      let end = start;
      for (let ranges; b < blocks.length && blocks[b] === end && (ranges = plainAt(b)); b++) {
        for (let i = 0; i < ranges.length; i += 2) texts.push({ segments: [{ start: ranges[i]!, end: ranges[i + 1]! }] });
        end = b + 1 < blocks.length ? blocks[b + 1]! : masked.length;
      }
      if (end > start) {
        parts.push({ start, end, result: { paragraphs: texts, edits: [] }, found: [], defined: new Set() });
        start = end;
        continue;
      }
    }
    while (k < candidates.length && candidates[k]! <= start) k++;
    let end = k < candidates.length ? candidates[k]! : masked.length;
    // Up to the next run of plain blocks as long as a part, if one comes first (shorter runs go to the parser
    // with the blocks around them: a part parsed costs more than its plain blocks save).
    for (let i = b + (blocks[b] === start ? 1 : 0); i < blocks.length && blocks[i]! < end;) {
      let j = i;
      while (j < blocks.length && blocks[j]! - blocks[i]! < partSize && plainAt(j)) j++;
      const runEnd = j < blocks.length ? blocks[j]! : masked.length;
      if (j > i && (runEnd - blocks[i]! >= partSize || runEnd === masked.length)) {
        end = blocks[i]!;
        break;
      }
      i = Math.max(j, i + 1);
    }
    let tree: Root;
    for (;;) {
      const text = start === 0 && end === masked.length ? masked : masked.slice(start, end);
      const lineEnd = masked.indexOf('\n', end);
      const lookahead = end === masked.length ? '' : masked.slice(end, lineEnd < 0 ? masked.length : lineEnd + 1);
      tree = parse(text + lookahead);
      if (end === masked.length || closedAt(tree, text.length)) break;
      const target = start + 2 * (end - start);
      while (k < candidates.length && candidates[k]! < target) k++;
      end = k < candidates.length ? candidates[k]! : masked.length;
    }
    parts.push({ start, end, ...extractPart(tree, start, end) });
    start = end;
  }
  const known = references && references.phase !== 'definitions' ? references.labels : labels;
  if ((parts.length > 1 || references) && known.size > 0) {
    for (const part of parts) {
      const text = masked.slice(part.start, part.end);
      const appendix = referenceAppendix(text, known, part.defined);
      if (!appendix) continue;
      // A section of a document gets them before it: after it they could fall into a fence it leaves open (but
      // front matter must come first). A thematic break closes them: an indented first line would otherwise continue
      // a footnote definition (and a `[标签]: /u` in it become a definition) instead of being code.
      const before = references !== null && !text.startsWith('---') ? appendix.slice(2) + '\n***\n' : '';
      Object.assign(part, before ? extractPart(parse(before + text), part.start, part.end, before.length)
        : extractPart(parse(text + appendix), part.start, part.end));
    }
  }
  const labelParagraphs = references ? sectionLabels(source, parts.flatMap((part) => part.found), references)
    : referenceLabels(source, parts.flatMap((part) => part.found));
  if (parts.length === 1 && labelParagraphs.length === 0) return parts[0]!.result;
  return {
    paragraphs: [...parts.flatMap((part) => part.result.paragraphs), ...labelParagraphs],
    edits: parts.flatMap((part) => part.result.edits),
  };

  /** A reference label whose `[` is at `open` (a source position), or an unlocated one for `key`. */
  function label(key: string, open: number, end: number, definition = false): void {
    const close = source[open] === '[' ? labelEnd(source, open, end) : -1;
    found.push(close < 0 ? { key, start: -1, end: -1, definition } : { key, start: open + 1, end: close, definition });
  }

  function walk(stack: Task[]): void {
    while (stack.length) {
      const task = stack.pop()!;
      if (task === 'break') {
        flush();
        continue;
      }
      const { node, inAutolink } = task;
      const at = range(node, base, limit, floor);
      switch (node.type) {
        case 'text':
          if (at && !inAutolink) current.push({ start: at[0], end: at[1] });
          else flush();
          continue;
        case 'break':
          current.push({ context: '\n' });
          continue;
        case 'image':
          flush();
          if (at) {
            alone(at[0] + 2, descriptionEnd(source, at[0], at[1]));
            title(node.title, at);
          }
          continue;
        case 'html': {
          if (!at) continue;
          const tag = INLINE_TAG.exec(node.value);
          if (!tag || !isInline(tag[1]!) || node.value.includes('<', 1)) flush();
          const inner = extractMarkup(source.slice(at[0], at[1]), { ...options, xml: false, offset: at[0] });
          paragraphs.push(...inner.paragraphs);
          edits.push(...inner.edits);
          continue;
        }
        case 'yaml': {
          if (!at) continue;
          const bodyStart = source.indexOf('\n', at[0]) + 1;
          const bodyEnd = source.lastIndexOf('\n', at[1] - 1);
          if (bodyStart > 0 && bodyEnd >= bodyStart) {
            paragraphs.push(...extractYaml(source.slice(bodyStart, bodyEnd), options, bodyStart).paragraphs);
          }
          continue;
        }
        case 'code':
        case 'inlineCode':
          flush();
          continue;
        case 'definition':
          flush();
          if (at) {
            label(node.identifier, source.indexOf('[', at[0]), at[1], true);
            title(node.title, at);
          }
          continue;
        case 'linkReference':
        case 'imageReference': {
          // The label is converted alone, as every other spelling of it (see referenceLabels); so is the text of a
          // shortcut or collapsed reference, which is its label.
          if (!at) continue;
          const key = node.identifier;
          const open = at[0] + (node.type === 'imageReference' ? 1 : 0);
          if (node.referenceType !== 'full' || node.type === 'imageReference') flush();
          if (node.referenceType !== 'full') {
            label(key, open, at[1]);
            continue;
          }
          // [text][label]: the label is the last bracket pair.
          let last = at[1] - 1;
          while (last > open && !(source[last] === '[' && !escaped(source, last))) last--;
          label(key, last, at[1]);
          if (node.type === 'imageReference') {
            alone(at[0] + 2, descriptionEnd(source, at[0], at[1]));
          } else {
            // The text reads with the paragraph around it, as an inline link's does.
            for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, inAutolink });
          }
          continue;
        }
        case 'link': {
          // An autolink's text is its URL (<https://…> or a bare www./https:// link).
          const text = node.children.length === 1 && node.children[0]!.type === 'text' ? node.children[0].value : null;
          const autolink = text !== null && (text === node.url || `mailto:${text}` === node.url || `http://${text}` === node.url);
          if (at) title(node.title, at);
          for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, inAutolink: autolink });
          continue;
        }
        default:
          if (!('children' in node)) {
            flush();
            continue;
          }
          if (BLOCKS.has(node.type)) {
            flush();
            stack.push('break');
          }
          for (let i = (node.children as Nodes[]).length - 1; i >= 0; i--) stack.push({ node: (node.children as Nodes[])[i]!, inAutolink });
      }
    }
  }
}

/** Whether the character at `at` is escaped by an odd number of backslashes. */
function escaped(source: string, at: number): boolean {
  let slashes = 0;
  while (at - slashes - 1 >= 0 && source[at - slashes - 1] === '\\') slashes++;
  return slashes % 2 === 1;
}

/**
 * Reference labels ([text][label], [label], [label][] and the definitions [label]: url) must still match after
 * conversion, or links break. Each is a paragraph of its own, so the same spelling converts the same everywhere.
 * A label is left as it is wherever it appears when one of its spellings could not be located, or when it is
 * spelt in more than one way (`[头发]` and `[头 发]` match each other but could convert apart).
 */
function referenceLabels(source: string, found: readonly Label[]): Paragraph[] {
  const spelling = new Map<string, string | null>();
  for (const { key, start, end } of found) {
    const text = start < 0 ? null : source.slice(start, end);
    const known = spelling.get(key);
    spelling.set(key, known === undefined ? text : known === text ? known : null);
  }
  const paragraphs: Paragraph[] = [];
  for (const { key, start, end } of found) {
    if (spelling.get(key) !== null && end > start) paragraphs.push({ segments: [{ start, end }] });
  }
  return paragraphs;
}

/**
 * The label paragraphs of a section of a document whose spellings are known (converting), or the spellings noted (in
 * a survey: only definitions' while definitions are being collected, as references depend on all of them).
 */
function sectionLabels(source: string, found: readonly Label[], references: MarkdownReferences): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  for (const { key, start, end, definition } of found) {
    const spelling = start < 0 ? null : source.slice(start, end);
    if (references.phase === 'convert') {
      if (spelling !== null && end > start && references.converts(key, spelling)) paragraphs.push({ segments: [{ start, end }] });
    } else if (definition || references.phase === 'spellings') {
      references.note(key, spelling);
    }
  }
  return paragraphs;
}

export const markdownFormat: StreamingTextFormat = {
  name: 'markdown',
  binary: false,
  extensions: ['md', 'markdown', 'mdx'],
  description: 'Markdown (CommonMark + GFM): text, image descriptions, inline HTML, front matter values',
  extract: (source, options) => extractMarkdownDocument(source, options),
  stream: (converter, options) => markdownStream(converter, options),
};
