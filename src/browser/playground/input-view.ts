/**
 * The input side: the textarea with a backdrop that marks characters in place (detect's outliers, repair's
 * changes), and the detect summary. The backdrop mirrors the textarea's text and metrics, so marks sit under
 * the characters they mean while the text stays an ordinary, accessible textarea.
 */
import type { Detection, RepairChange } from '../index.js';
import { element, lineColumn } from './ui.js';

const SCRIPT_NAMES: Readonly<Record<string, string>> = {
  traditional: 'Traditional', simplified: 'Simplified', mixed: 'Mixed scripts', ambiguous: 'Common to both scripts', none: 'No Han text',
};
const VARIANT_NAMES: Readonly<Record<string, string>> = { tw: 'Taiwan standard', hk: 'Hong Kong standard', t: 'OpenCC standard (inherited forms)' };
const MAX_LISTED = 40;

export class InputView {
  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly highlights: HTMLElement,
    private readonly badge: HTMLElement,
    private readonly summary: HTMLElement,
  ) {
    const sync = () => {
      this.highlights.style.transform = `translateY(${-input.scrollTop}px)`;
    };
    input.addEventListener('scroll', sync);
    new ResizeObserver(() => {
      this.highlights.style.width = `${input.clientWidth}px`;
      sync();
    }).observe(input);
  }

  /** Marks detect's outliers in the input (convert mode), or repair's changes (repair mode, `changes` given). */
  show(text: string, detection: Detection, changes: readonly RepairChange[] | null): void {
    this.input.dataset.marks = changes ? 'repairs' : 'outliers';
    this.showMarks(text, detection, changes);
    this.showDetection(text, detection);
  }

  private showMarks(text: string, detection: Detection, changes: readonly RepairChange[] | null): void {
    const marks = new Map<number, { length: number; className: string; title: string }>();
    if (changes) {
      for (const c of changes) marks.set(c.index, { length: c.from.length, className: 'fix', title: `${c.from} → ${c.to}: ${c.reason}` });
    } else {
      for (const o of detection.outliers) {
        marks.set(o.index, { length: o.char.length, className: 'outlier', title: `${o.char}: ${o.script} form in ${detection.script} text` });
      }
    }
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const index of [...marks.keys()].sort((a, b) => a - b)) {
      if (index < at) continue;
      const mark = marks.get(index)!;
      fragment.append(text.slice(at, index), element('mark', { className: mark.className, textContent: text.slice(index, index + mark.length) }));
      at = index + mark.length;
    }
    // A trailing newline needs a character after it for the backdrop to be as tall as the textarea's text.
    fragment.append(text.slice(at) + '\u200b');
    this.highlights.replaceChildren(fragment);
  }

  private showDetection(text: string, d: Detection): void {
    const name = SCRIPT_NAMES[d.script] ?? d.script;
    const variant = d.variant && d.script !== 'simplified' ? ` · ${d.variant}` : '';
    this.badge.textContent = d.script === 'none' ? name : `${name}${variant} · ${Math.round(d.confidence * 100)}%`;
    this.badge.dataset.script = d.script;
    const rows: [string, string | Node][] = [
      ['Script', `${name}${d.script === 'none' ? '' : ` (confidence ${Math.round(d.confidence * 100)}%)`}`],
    ];
    if (d.variant) rows.push(['Traditional standard', VARIANT_NAMES[d.variant] ?? d.variant]);
    rows.push(['Han characters', `${d.counts.han}: ${d.counts.simplified} Simplified only, ${d.counts.traditional} Traditional only, ${d.counts.common} common`]);
    if (d.outliers.length) {
      const list = element('span', { className: 'chips' });
      for (const o of d.outliers.slice(0, MAX_LISTED)) {
        const chip = element('span', { className: 'chip outlier', lang: 'zh', textContent: o.char, title: `${o.script} form at ${lineColumn(text, o.index)}` });
        list.append(chip);
      }
      if (d.outliers.length > MAX_LISTED) list.append(` … ${d.outliers.length - MAX_LISTED} more`);
      rows.push([`Outliers (${d.outliers.length}${this.input.dataset.marks === 'outliers' ? ', marked in the input' : ''})`, list]);
    }
    const odd = d.lines.filter((l) => l.script !== d.script && (l.script === 'simplified' || l.script === 'traditional'));
    if (odd.length && d.script !== 'none') {
      rows.push(['Lines in the other script', odd.slice(0, MAX_LISTED).map((l) => `${l.line} (${SCRIPT_NAMES[l.script]})`).join(', ')]);
    }
    const table = element('dl', { className: 'facts' });
    for (const [term, value] of rows) {
      const dd = element('dd');
      dd.append(value);
      table.append(element('dt', { textContent: term }), dd);
    }
    this.summary.replaceChildren(table);
  }
}
