/**
 * The output side: the converted text with its changes marked (from explain), ambiguous characters as buttons
 * that open a list of candidates, and in repair mode the repaired text with every change and its reason.
 */
import type { ExplainSpan, RepairResult } from '../index.js';
import { byId, element, lineColumn } from './ui.js';

export interface ChoiceHandler {
  /** The user chose `value` for `key` (an OpenCC user dictionary entry). */
  choose(key: string, value: string): void;
}

const HAN = /\p{Script=Han}/u;

interface Scope {
  readonly label: string;
  readonly key: string;
  /** The value of the key with `candidate` in place of the ambiguous character. */
  readonly value: (candidate: string) => string;
}

export class OutputView {
  private output = '';
  private spans: readonly ExplainSpan[] = [];
  private input = '';
  /** Input index of the span to focus after the next rendering (after a choice). */
  private focusIndex: number | null = null;
  private opener: HTMLElement | null = null;

  constructor(
    private readonly view: HTMLElement,
    private readonly popover: HTMLElement,
    private readonly stats: HTMLElement,
    private readonly changes: HTMLElement,
    private readonly handler: ChoiceHandler,
  ) {
    view.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.amb');
      if (button) this.open(button);
    });
    popover.addEventListener('keydown', (event) => this.popoverKey(event));
    popover.addEventListener('focusout', (event) => {
      const next = event.relatedTarget as Node | null;
      if (next && !popover.contains(next) && next !== this.opener) this.close(false);
    });
    document.addEventListener('pointerdown', (event) => {
      if (!this.popover.hidden && !popover.contains(event.target as Node) && event.target !== this.opener) this.close(false);
    });
  }

  /** The text shown (for Copy). */
  text(): string {
    return this.output;
  }

  /** Says what is being fetched (the first use of a configuration, or of repair). */
  showLoading(message: string): void {
    this.stats.textContent = message;
  }

  showError(message: string): void {
    this.close(false);
    this.output = '';
    this.view.replaceChildren(element('p', { className: 'error', textContent: message }));
    this.view.lastElementChild!.setAttribute('role', 'alert');
  }

  showPlain(output: string, length: number, ms: number): void {
    this.close(false);
    this.output = output;
    this.view.replaceChildren(output);
    this.stats.textContent = `${length.toLocaleString('en')} characters · ${ms.toFixed(1)} ms · too long to mark each change`;
    this.changes.hidden = true;
  }

  showConversion(input: string, spans: readonly ExplainSpan[], ms: number, userKeys: ReadonlySet<string>): void {
    this.close(false);
    this.input = input;
    this.spans = spans;
    const fragment = document.createDocumentFragment();
    let at = 0, changed = 0, ambiguous = 0;
    const pieces: string[] = [];
    spans.forEach((span, i) => {
      if (span.index > at) fragment.append(input.slice(at, span.index));
      pieces.push(input.slice(at, span.index), span.target);
      at = span.index + span.source.length;
      if (span.source === span.target && !span.ambiguous) {
        fragment.append(span.target);
        return;
      }
      changed++;
      const how = `${span.source} → ${span.target} · ${span.dictionary}${span.stage ? `, stage ${span.stage}` : ''}`;
      let mark: HTMLElement;
      if (span.stage === 0 && span.dictionary === 'user' && userKeys.has(span.source)) {
        mark = element('span', { className: 'usr', textContent: span.target, title: `${how} (your choice)` });
        mark.tabIndex = -1;
      } else if (span.ambiguous) {
        ambiguous++;
        const candidates = this.candidates(span);
        mark = element('button', { className: 'amb', textContent: span.target, title: `${how}: ambiguous (${candidates.join(' ')})` });
        (mark as HTMLButtonElement).type = 'button';
        mark.setAttribute('aria-haspopup', 'dialog');
        mark.setAttribute('aria-label', `${span.target}, converted from ${span.source}; ambiguous, candidates ${candidates.join(' ')}`);
      } else {
        mark = element('span', { className: 'chg', textContent: span.target, title: how });
      }
      mark.dataset.span = String(i);
      mark.dataset.index = String(span.index);
      fragment.append(mark);
    });
    fragment.append(input.slice(at));
    pieces.push(input.slice(at));
    this.output = pieces.join('');
    this.view.replaceChildren(fragment);
    this.stats.textContent = `${input.length.toLocaleString('en')} characters · ${changed} changed · ${ambiguous} ambiguous · ${ms.toFixed(1)} ms`;
    this.changes.hidden = true;
    if (this.focusIndex !== null) {
      this.view.querySelector<HTMLElement>(`[data-index="${this.focusIndex}"]`)?.focus();
      this.focusIndex = null;
    }
  }

  showRepair(input: string, result: RepairResult, ms: number): void {
    this.close(false);
    this.output = result.text;
    const fragment = document.createDocumentFragment();
    const body = byId('changes-body');
    body.replaceChildren();
    let at = 0;
    const byRule = new Map<string, number>();
    result.changes.forEach((change, i) => {
      fragment.append(input.slice(at, change.index));
      const mark = element('mark', { className: 'fix', textContent: change.to, title: `${change.from} → ${change.to}: ${change.reason}` });
      mark.id = `fix-${i}`;
      mark.tabIndex = -1;
      fragment.append(mark);
      at = change.index + change.from.length;
      byRule.set(change.rule, (byRule.get(change.rule) ?? 0) + 1);
      const row = element('tr');
      const where = element('button', { className: 'link-button', textContent: lineColumn(input, change.index) });
      where.type = 'button';
      where.setAttribute('aria-label', `Show the change at line:column ${lineColumn(input, change.index)}`);
      where.addEventListener('click', () => {
        mark.scrollIntoView({ block: 'nearest' });
        mark.focus();
      });
      const cells = [where, element('span', { lang: 'zh', textContent: `${change.from} → ${change.to}` }),
        element('code', { textContent: change.rule }), element('span', { textContent: change.reason })];
      for (const cell of cells) {
        const td = element('td');
        td.append(cell);
        row.append(td);
      }
      body.append(row);
    });
    fragment.append(input.slice(at));
    this.view.replaceChildren(fragment);
    this.stats.textContent = `${input.length.toLocaleString('en')} characters · ${result.changes.length} repaired · ${ms.toFixed(1)} ms`;
    const rules = [...byRule].map(([rule, n]) => `${n} ${rule}`).join(', ');
    byId('changes-summary').textContent = result.changes.length
      ? `${result.changes.length} changes: ${rules}. Each is the smallest change the dictionaries justify; names and words valid in the target stay.`
      : 'Nothing to repair: the text is consistent in the target script (or its few other forms look deliberate).';
    this.changes.hidden = false;
  }

  /** The candidates of an ambiguous span, its current form first, as final forms. */
  private candidates(span: ExplainSpan): string[] {
    const step = [...span.steps].reverse().find((s) => s.ambiguous && s.candidates?.length);
    const list = step?.candidates?.map((c) => (c === step.target ? span.target : c)) ?? [span.target];
    return [...new Set([span.target, ...list])];
  }

  /** The input and output of the character before/after a span, when it is a Han character converted alone. */
  private neighbour(span: ExplainSpan, side: -1 | 1): { source: string; target: string } | null {
    const index = side < 0 ? span.index - 1 : span.index + span.source.length;
    if (index < 0 || index >= this.input.length) return null;
    const source = this.input[index]!;
    if (!HAN.test(source)) return null;
    const covering = this.spans.find((s) => s.index <= index && index < s.index + s.source.length);
    if (covering && covering.source.length > 1) return null; // part of a phrase: the word would cut it
    return { source, target: covering ? covering.target : source };
  }

  private scopes(span: ExplainSpan): Scope[] {
    const scopes: Scope[] = [];
    const before = this.neighbour(span, -1), after = this.neighbour(span, 1);
    if (before) scopes.push({ label: `the word ${before.source}${span.source}`, key: before.source + span.source, value: (c) => before.target + c });
    if (after) scopes.push({ label: `the word ${span.source}${after.source}`, key: span.source + after.source, value: (c) => c + after.target });
    scopes.push({ label: `${span.source} everywhere`, key: span.source, value: (c) => c });
    return scopes;
  }

  private open(button: HTMLButtonElement): void {
    const span = this.spans[Number(button.dataset.span)];
    if (!span) return;
    this.opener = button;
    button.setAttribute('aria-expanded', 'true');
    const candidates = this.candidates(span);
    byId('popover-title').textContent = `${span.source} → ? (now ${span.target}, ${span.dictionary})`;
    const scopeSet = byId('popover-scope');
    scopeSet.replaceChildren(element('legend', { textContent: 'Apply to' }));
    const scopes = this.scopes(span);
    scopes.forEach((scope, i) => {
      const label = element('label', { lang: 'zh' });
      const radio = element('input');
      radio.type = 'radio';
      radio.name = 'scope';
      radio.value = String(i);
      radio.checked = i === 0;
      label.append(radio, ` ${scope.label}`);
      scopeSet.append(label);
    });
    const list = byId('popover-candidates');
    list.replaceChildren();
    for (const candidate of candidates) {
      const choice = element('button', { className: 'candidate', lang: 'zh', textContent: candidate });
      choice.type = 'button';
      choice.setAttribute('aria-pressed', String(candidate === span.target));
      choice.addEventListener('click', () => {
        const chosen = scopes[Number(scopeSet.querySelector<HTMLInputElement>('input:checked')?.value ?? 0)]!;
        this.focusIndex = chosen.key.length > span.source.length && chosen.key.endsWith(span.source) ? span.index - 1 : span.index;
        this.close(false);
        this.handler.choose(chosen.key, chosen.value(candidate));
      });
      list.append(choice);
    }
    byId('popover-note').textContent = 'Arrow keys move between candidates, Enter chooses, Escape closes.';
    this.popover.hidden = false;
    this.place(button);
    list.querySelector<HTMLButtonElement>('button')?.focus();
  }

  private place(button: HTMLElement): void {
    if (matchMedia('(max-width: 640px)').matches) {
      this.popover.style.left = this.popover.style.top = '';
      return; // a sheet at the bottom of the screen (CSS)
    }
    const rect = button.getBoundingClientRect();
    const width = this.popover.offsetWidth;
    const left = Math.min(Math.max(8, rect.left + scrollX), scrollX + document.documentElement.clientWidth - width - 8);
    this.popover.style.left = `${left}px`;
    this.popover.style.top = `${rect.bottom + scrollY + 6}px`;
  }

  private popoverKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close(true);
      return;
    }
    const buttons = [...this.popover.querySelectorAll<HTMLButtonElement>('button.candidate')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (step) {
      event.preventDefault();
      buttons[(at + step + buttons.length) % buttons.length]!.focus();
    }
  }

  private close(returnFocus: boolean): void {
    if (this.popover.hidden) return;
    this.popover.hidden = true;
    this.opener?.setAttribute('aria-expanded', 'false');
    if (returnFocus) this.opener?.focus();
    this.opener = null;
  }
}
