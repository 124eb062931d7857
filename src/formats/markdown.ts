/**
 * Markdown (CommonMark + GFM): convert text, image descriptions, inline HTML (as HTML) and front matter values;
 * leave code spans and blocks, link and image URLs, autolinks, definitions and HTML comments. Positions from
 * mdast-util-from-markdown point into the source, so everything else stays byte for byte.
 */
import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { convertMarkup } from './html.js';
import type { LanguageRetag } from './language-tags.js';
import { applyEdits, convertRange, type Edit } from './splice.js';
import { convertYaml } from './yaml.js';

export interface MarkdownOptions {
  readonly convert: (text: string) => string;
  /** For locale-like values in front matter: converts words, keeps placeholders. */
  readonly convertValue: (text: string) => string;
  readonly retag: LanguageRetag | null;
}

function parse(source: string): Root {
  return fromMarkdown(source, {
    extensions: [frontmatter(['yaml']), gfm()],
    mdastExtensions: [frontmatterFromMarkdown(['yaml']), gfmFromMarkdown()],
  });
}

function range(node: Nodes): [number, number] | null {
  const start = node.position?.start.offset, end = node.position?.end.offset;
  return start === undefined || end === undefined ? null : [start, end];
}

/** The end of an image's description: the `]` closing `![`, skipping escapes and nested brackets. */
function descriptionEnd(source: string, start: number, end: number): number {
  let depth = 0;
  for (let i = start + 2; i < end; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && depth-- === 0) return i;
  }
  return start + 2;
}

export function convertMarkdown(source: string, options: MarkdownOptions): string {
  const edits: Edit[] = [];
  /** A link or image title ("…" at the end of the destination), found in the node's source when written plainly. */
  const title = (value: string | null | undefined, [start, end]: [number, number]) => {
    if (!value) return;
    const at = source.lastIndexOf(value, end);
    if (at > start && at + value.length < end) edits.push(convertRange(source, at, at + value.length, options.convert));
  };
  const visit = (node: Nodes, inAutolink: boolean) => {
    const at = range(node);
    switch (node.type) {
      case 'text':
        if (at && !inAutolink) edits.push(convertRange(source, at[0], at[1], options.convert));
        return;
      case 'image':
        if (at) {
          edits.push(convertRange(source, at[0] + 2, descriptionEnd(source, at[0], at[1]), options.convert));
          title(node.title, at);
        }
        return;
      case 'html':
        if (at) edits.push({ start: at[0], end: at[1], text: convertMarkup(source.slice(at[0], at[1]), { xml: false, convert: options.convert, retag: options.retag }) });
        return;
      case 'yaml': {
        if (!at) return;
        const bodyStart = source.indexOf('\n', at[0]) + 1;
        const bodyEnd = source.lastIndexOf('\n', at[1] - 1);
        if (bodyStart > 0 && bodyEnd >= bodyStart) {
          edits.push({ start: bodyStart, end: bodyEnd, text: convertYaml(source.slice(bodyStart, bodyEnd), options.convertValue) });
        }
        return;
      }
      case 'code':
      case 'inlineCode':
      case 'definition':
        return;
      case 'link': {
        // An autolink's text is its URL (<https://…> or a bare www./https:// link).
        const text = node.children.length === 1 && node.children[0]!.type === 'text' ? node.children[0].value : null;
        const autolink = text !== null && (text === node.url || `mailto:${text}` === node.url || `http://${text}` === node.url);
        for (const child of node.children) visit(child, autolink);
        if (at) title(node.title, at);
        return;
      }
      default:
        if ('children' in node) for (const child of node.children as Nodes[]) visit(child, inAutolink);
    }
  };
  visit(parse(source), false);
  return applyEdits(source, edits);
}
