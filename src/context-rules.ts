/**
 * Context rules: what phrases cannot say. A phrase dictionary decides a one-to-many character only inside a word it
 * lists; elsewhere the character dictionary's default applies (云 → 雲 'cloud', 范 → 範 'model'), which is wrong in
 * whole registers: 云 'to say' before a quotation, the surname 范, Taiwan's 讚 for praise. A rule rewrites the
 * default the chain wrote, from the characters around it, only where no phrase of the previous stage covers the
 * character (phrases stay the stronger evidence). Rules are part of fanjian's corrections (off with
 * `corrections: false`); each gives its evidence, which explain() shows.
 */
import type { UnitBuffer } from './code-units.js';
import type { ConfigName } from './configs.js';
import { WrittenMarks } from './conversion-pass.js';
import type { ChainStage, ChainTrace, StageContext, StageDecision } from './conversion-stage.js';
import type { CompiledDictionary } from './dictionary/compiled-dictionary.js';
import { HEAD_RULE } from './dictionary/head-table.js';
import { isHan } from './script/text-lines.js';

/** A context condition on the character right before: one of these characters, or a clause start. */
export const CLAUSE_START = 'clause start';

export interface ContextRule {
  readonly name: string;
  /** The configurations whose chain gets the rule (after their first stage). */
  readonly configs: readonly ConfigName[];
  /** The default the first stage wrote, and what the rule writes instead. */
  readonly wrote: string;
  readonly write: string;
  /** One of these characters must come right before (CLAUSE_START: no Han character, or the start of the text). */
  readonly after?: string;
  /** One of these must come right after. */
  readonly before?: string;
  /** None of these may come right after. */
  readonly notBefore?: string;
  readonly reason: string;
}

const TO_TRADITIONAL: readonly ConfigName[] = ['s2t', 's2tw', 's2twp', 's2hk', 's2hkp'];

/** The rules, with their evidence (measured on the development split of `npm run accuracy`, see README). */
export const CONTEXT_RULES: readonly ContextRule[] = [
  {
    name: 'quotation-yun', configs: TO_TRADITIONAL, wrote: '雲', write: '云', before: '：:「『“',
    reason: '云 "to say" introducing a quotation is written 云 in Traditional text too; 雲 "cloud" does not ' +
      'stand before a colon or an opening quotation mark (round trips, development part: 128 of 130 quotative 云 ' +
      'stood there, no 雲)',
  },
  {
    name: 'cited-yun', configs: TO_TRADITIONAL, wrote: '雲', write: '云', after: '經詩書傳曰',
    reason: '云 after the name of a classic or 曰 cites it (詩云, 經云, 書云): "says", not "cloud"',
  },
  {
    name: 'adverb-yun', configs: TO_TRADITIONAL, wrote: '雲', write: '云', after: '皆或既雖復亦又乃遂嘗常直今但云不',
    reason: '云 "to say" after an adverb (皆云, 或云, 既云, 雖云, 復云, 亦云, 乃云, 嘗云, as OpenCC\'s own 又云; the ' +
      'negation 不云, 詩不云乎) or after itself (云云 "and so on"): a verb, where 雲 "cloud", a noun, does not stand; ' +
      'the words of 雲 after these characters are phrases (皆雲集: 云集), which the rule leaves alone (round trips, ' +
      'both texts: no 雲 after any of them; development part: 11 of the 15 quotative 云 the other rules leave, and ' +
      '而不云在下都)',
  },
  {
    name: 'speaker-yun', configs: TO_TRADITIONAL, wrote: '雲', write: '云', after: '者',
    reason: '云 "to say" after 者 "the one who" (論者云, 占者云, 主者云, 或者云: the speaker, then the verb); 雲 ' +
      '"cloud" follows 者 only in phrases (記者雲集 is 記者 + 雲集, a phrase), which the rule leaves alone (round trips, ' +
      'development part: 論者云; no 者 + 雲 outside a phrase in any text of the corpus)',
  },
  {
    name: 'title-yun', configs: TO_TRADITIONAL, wrote: '雲', write: '云', after: '》〉',
    reason: '云 "to say" after the title of a book cites it (《禮記注》云, 《妙法蓮華經》云, like 經云, 詩云); a title ' +
      'is followed by a verb, not by 雲 "cloud" (corpus: 《…》云： in data689k.txt, 《妙法莲华经》云， in data3185k.txt; ' +
      'the three 《…》雲， of gutenberg-25328.txt are the e-text\'s own mistakes, 《玉皇經》雲，西方有…, which the round ' +
      'trips then count as errors: 1 in the development part, 2 in the test part)',
  },
  {
    name: 'surname-fan', configs: TO_TRADITIONAL, wrote: '範', write: '范', after: CLAUSE_START, notBefore: '之',
    reason: '範 "model" occurs in words the phrase dictionaries list (模範, 範圍, 規範); alone at the start of a ' +
      'clause, before a name, it is the surname 范, which Traditional writes 范 (round trips, development part). Not ' +
      'before 之: 範之 is a given name of the Six Dynasties\' kind (卞範之; X之 like 羲之, 獻之), whose surname stands ' +
      'before it, so a clause-initial 範之 is the name without its surname, not the surname (round trips, ' +
      'development part: 2 of 2 clause-initial 範之, both 卞範之)',
  },
  {
    name: 'surname-fan-title', configs: TO_TRADITIONAL, wrote: '範', write: '范', before: '大先老夫將太',
    reason: '範 "model" forms no word with a title, and its words (示範, 規範, 模範, 防範) are phrases the rule ' +
      'leaves alone; 范 alone before 大夫, 大人, 先生, 老爺, 夫人, 將軍, 太太 is the surname (范大夫, Fan Li of the ' +
      'stories of 吳 and 越), as in OpenCC\'s own 范公, 范小姐, 范氏 (round trips, development part)',
  },
  {
    name: 'pronoun-yu', configs: TO_TRADITIONAL, wrote: '餘', write: '余', after: '「『“‘',
    reason: '余 right after an opening quotation mark begins the quoted speech or letter with "I" (「余以元康六年…」, ' +
      '「余與夫子…」), which Traditional writes 余; 餘 "remaining" opens a quotation only in words the phrase ' +
      'dictionaries list (餘下, 餘額) (round trips, development part: 3 of 3)',
  },
  {
    name: 'name-yue', configs: TO_TRADITIONAL, wrote: '嶽', write: '岳', after: CLAUSE_START,
    reason: '嶽 "high mountain" stands in words the phrase dictionaries list (山嶽, 五嶽, 嶽麓); alone at the start ' +
      'of a clause it is the surname or a given name 岳 (岳飛, 潘岳 in 岳姿容甚美), which Traditional writes 岳 ' +
      '(Taiwan Ministry of Education dictionary: 岳 the surname; round trips, development part)',
  },
  {
    name: 'name-chong', configs: TO_TRADITIONAL, wrote: '衝', write: '沖', after: CLAUSE_START,
    notBefore: '啊呀吧了著着過進向入出上下去來回破開散殺擊鋒刺動突撞',
    reason: '衝 "to rush" is a verb whose compounds the phrase dictionaries list (衝出, 衝上, 衝突, 衝動: over 200 ' +
      'entries); alone at the start of a clause, not before a verb ending, it is the given name 沖 (桓沖, 祖沖之: ' +
      '「沖字玄叔」, 沖遂詣其父), which Traditional writes 沖 (round trips, development part: 9 of 9)',
  },
  {
    name: 'classical-xian', configs: TO_TRADITIONAL, wrote: '鹹', write: '咸',
    before: '曰謂言云稱以思呼怪試集共歎嘆服笑鄙競見出知欲願請悅從歸附在受遵來至會就聞侮相皆並悉',
    reason: '咸 "all" is an adverb and stands before a verb (咸曰, 咸謂, 咸以為, 咸集, 咸歎, 咸侮) or before another ' +
      'adverb (咸相謂言, 咸皆孝順, 咸並生疑, 咸悉); 鹹 "salty" stands before a noun or a particle (鹹菜, 鹹的, 太鹹了). ' +
      'Traditional writes the adverb 咸 (Ministry of Education dictionary: 咸 "all, every"; round trips, development ' +
      'part; the adverbs from the Simplified texts no measure uses)',
  },
  {
    name: 'summon-pi', configs: TO_TRADITIONAL, wrote: '闢', write: '辟', after: '尉軍相府並敦累見被所徵召州郡',
    reason: '辟 "to summon to office" follows the office that summons or the words of summoning (太尉辟, 三府並辟, ' +
      '敦辟, 見辟, 為…所辟): it is 辟, not 闢 "to open up" (Ministry of Education dictionary: 辟 "徵召"; round ' +
      'trips, development part)',
  },
  {
    name: 'summon-pi-office', configs: TO_TRADITIONAL, wrote: '闢', write: '辟', before: '公州府掾以',
    reason: '辟 before the office a person is summoned to (辟公府掾, 辟州別駕) or before 以 of 辟以為掾 "summoned him ' +
      'to be a clerk" is "to summon", 辟, not 闢 "to open up", whose words with 以 are phrases (開闢以來)',
  },
  {
    name: 'measure-dou', configs: TO_TRADITIONAL, wrote: '鬥', write: '斗', after: '一二三四五六七八九十百千萬兩數半幾',
    reason: '斗 after a numeral is the measure of grain and wine (三斗, 數十斗, 五斗米: ten 升; Ministry of ' +
      'Education dictionary, 斗 "量詞"), written 斗; OpenCC\'s default 鬥 "to fight" follows no numeral outside its ' +
      'phrases (round trips, development part: 罰酒各三斗; the Simplified texts of the corpus: 數十斗 of poisoned wine)',
  },
  {
    name: 'taiwan-zan', configs: ['s2tw', 's2twp'], wrote: '贊', write: '讚', after: '點按很真超好太最蠻挺',
    notBefore: '成助同許襄禮普',
    reason: 'Taiwan writes 讚 for praise and "great" (點讚, 按讚, 很讚, as in 稱讚, 讚美; Ministry of Education ' +
      'dictionary), 贊 for support and agreement (贊成, 贊助, 贊同)',
  },
];

/** Every character some rule rewrites: the build records which units write them (DictionaryMeta.writersOf). */
export const RULE_CHARACTERS = [...new Set(CONTEXT_RULES.map((rule) => rule.wrote))].join('');

function isHanUnit(unit: number): boolean {
  return unit >= 0x3400 && isHan(String.fromCharCode(unit));
}

/** The rules of one configuration as a chain stage, placed after the stage whose phrases they defer to. */
export class ContextRuleStage implements ChainStage {
  readonly label = 'fanjian context rules';
  readonly context: StageContext;
  /** Per unit: 1 + index of the first rule for the character the stage wrote, 0 for none. */
  readonly first = new Uint8Array(0x10000);
  /** Per unit: 1 for a unit some rule reads (built when a stream first asks: start-up does not pay for it). */
  private read: Uint8Array | null = null;
  /** Pair of units → [value start, value end, pair offset]… (see indexPhraseValues). */
  private phraseValues: Map<number, number[]> | null = null;
  /** The distinct characters the rules rewrite, and the next position of each in the block being rewritten. */
  private readonly triggers: Uint16Array;
  private readonly next: Int32Array;

  constructor(readonly rules: readonly ContextRule[], private readonly phrases: CompiledDictionary) {
    rules.forEach((rule, i) => {
      const unit = rule.wrote.charCodeAt(0);
      if (this.first[unit] === 0) this.first[unit] = i + 1;
    });
    this.triggers = Uint16Array.from(new Set(rules.map((rule) => rule.wrote.charCodeAt(0))));
    this.next = new Int32Array(this.triggers.length);
    const first = this.first;
    // A rule reads one character each side. A clause-start rule tells a Han character before from anything else,
    // and anything else looks like the start of the text, so only Han characters count as read.
    const clauseStart = rules.some((rule) => rule.after === CLAUSE_START);
    this.context = {
      reads: (unit) => (this.read ??= this.readTable())[unit] === 1 || (clauseStart && isHanUnit(unit)),
      decidesOn: (unit) => first[unit] !== 0,
      lookahead: 2, lookbehind: 1,
    };
  }

  private readTable(): Uint8Array {
    const read = new Uint8Array(0x10000);
    for (const rule of this.rules) {
      for (const text of [rule.wrote, rule.write, rule.after === CLAUSE_START ? '' : rule.after ?? '',
        rule.before ?? '', rule.notBefore ?? '']) {
        for (let k = 0; k < text.length; k++) read[text.charCodeAt(k)] = 1;
      }
    }
    return read;
  }

  /**
   * Prepare `dictionary` (the previous stage's group) to tell its pass where it writes the rules' characters
   * (WrittenMarks): mark the units whose one-character conversion writes one (HEAD_RULE, a bit only passes with
   * marks read, so the group stays shared). Null when the group's data does not say which units those are.
   */
  watch(dictionary: CompiledDictionary): WrittenMarks | null {
    const writersOf = dictionary.meta.writersOf;
    if (!writersOf) return null;
    const head = dictionary.head, triggers = this.triggers;
    for (let t = 0; t < triggers.length; t++) if (!writersOf[String.fromCharCode(triggers[t]!)]) return null;
    for (let t = 0; t < triggers.length; t++) {
      const writers = writersOf[String.fromCharCode(triggers[t]!)]!;
      for (let k = 0; k < writers.length; k++) head[writers[k]!] = head[writers[k]!]! | HEAD_RULE;
    }
    return new WrittenMarks(this.first);
  }

  /**
   * As rewrite, visiting only the positions the previous pass marked (every place it wrote a rule's character
   * outside a phrase; within a phrase's value the rules defer to the phrase anyway).
   */
  rewriteMarked(units: Uint16Array, from: number, to: number, marks: WrittenMarks): void {
    const positions = marks.positions, first = this.first;
    for (let k = 0; k < marks.count; k++) {
      const at = positions[k]!;
      if (first[units[at]!] !== 0) this.applyAt(units, from, to, at, null, 0);
    }
  }

  /** Copy source[from, to) into out with the rules applied. */
  run(source: Uint16Array, from: number, to: number, ends: Int32Array, count: number, out: UnitBuffer,
    trace: ChainTrace | null): number {
    const o = out.length;
    out.append(source, from, to);
    this.rewrite(out.units, o, o + (to - from), trace, from);
    for (let k = 0; k < count; k++) ends[k] = ends[k]! - from + o;
    return count;
  }

  /**
   * Apply the rules to units[from, to) in place (every rule writes one unit for one). Trace positions are reported
   * as of `traceFrom` (the run's input), which holds the same text.
   */
  rewrite(units: Uint16Array, from: number, to: number, trace: ChainTrace | null, traceFrom = from): void {
    // The rules' characters are rare: one native indexOf scan per character beats a JS loop over every unit (the
    // loop cost s2t about 13%). Occurrences are visited in text order, as a rule reads the character before it.
    const block = units.subarray(from, to), triggers = this.triggers, next = this.next;
    for (let t = 0; t < triggers.length; t++) next[t] = block.indexOf(triggers[t]!);
    for (;;) {
      let t = -1;
      for (let k = 0; k < triggers.length; k++) if (next[k]! >= 0 && (t < 0 || next[k]! < next[t]!)) t = k;
      if (t < 0) return;
      const at = next[t]!;
      this.applyAt(units, from, to, from + at, trace, traceFrom - from);
      next[t] = block.indexOf(triggers[t]!, at + 1);
    }
  }

  private applyAt(units: Uint16Array, from: number, to: number, i: number, trace: ChainTrace | null, shift: number): void {
    const rules = this.rules;
    for (let r = this.first[units[i]!]! - 1; r < rules.length; r++) {
      const rule = rules[r]!;
      if (rule.wrote.charCodeAt(0) !== units[i]) continue;
      // What the rule reads: the character and one on each side.
      const readFrom = Math.max(from, i - 1), readTo = Math.min(to, i + 2);
      if (!this.applies(rule, units, from, to, i) || this.coveredByPhrase(units, from, to, i)) {
        trace?.match(readFrom + shift, readTo + shift, readFrom, readTo, -1);
        continue;
      }
      units[i] = rule.write.charCodeAt(0);
      trace?.match(i + shift, i + 1 + shift, i, i + 1, r);
      trace?.match(readFrom + shift, readTo + shift, readFrom, readTo, -1);
      return;
    }
  }

  decision(rule: number): StageDecision {
    const { name, write, reason } = this.rules[rule]!;
    return { by: `rule ${name} (fanjian)`, target: write, ambiguous: false, reason };
  }

  private applies(rule: ContextRule, source: Uint16Array, from: number, to: number, i: number): boolean {
    const previous = i > from ? source[i - 1]! : -1;
    const next = i + 1 < to ? source[i + 1]! : -1;
    if (rule.after === CLAUSE_START) {
      // Any Han character before means the word goes on; punctuation, quotation marks, spaces do not.
      if (previous >= 0 && isHanUnit(previous)) return false;
    } else if (rule.after !== undefined && (previous < 0 || !rule.after.includes(String.fromCharCode(previous)))) {
      return false;
    }
    if (rule.before !== undefined && (next < 0 || !rule.before.includes(String.fromCharCode(next)))) return false;
    if (rule.notBefore !== undefined && next >= 0 && rule.notBefore.includes(String.fromCharCode(next))) return false;
    return true;
  }

  /**
   * Whether the text around source[at] is the value of a phrase (two or more units) of the previous stage that
   * holds the character: then a phrase wrote it, and the phrase decides.
   */
  private coveredByPhrase(source: Uint16Array, from: number, to: number, at: number): boolean {
    const index = this.phraseValues ?? (this.phraseValues = this.indexPhraseValues());
    const values = this.phrases.valueUnits;
    // Every such value holds the character next to one of its neighbours: look up both pairs.
    for (let first = at - 1; first <= at; first++) {
      if (first < from || first + 1 >= to) continue;
      const list = index.get(source[first]! * 0x10000 + source[first + 1]!);
      if (!list) continue;
      for (let k = 0; k < list.length; k += 3) {
        const valueStart = list[k]!, length = list[k + 1]! - valueStart;
        const start = first - list[k + 2]!;
        if (start < from || start + length > to) continue;
        let j = 0;
        while (j < length && source[start + j] === values[valueStart + j]) j++;
        if (j === length) return true;
      }
    }
    return false;
  }

  /**
   * The phrase values that hold a character some rule rewrites, by each pair of units that includes it (built on
   * first use, not at start-up): pair → [value start, value end, offset of the pair in the value]… (flat).
   */
  private indexPhraseValues(): Map<number, number[]> {
    const { valueStart, valueUnits } = this.phrases;
    const index = new Map<number, number[]>();
    // The rules' characters are rare in the values: native indexOf scans find them (a JS loop over every value unit
    // cost a first conversion 10-30 ms), and a binary search finds each one's entry. That search is a function of
    // its own: inline, its loop made this one, which runs once (about 1,600 characters), long enough for V8 to
    // compile it on the stack and discard it at the outer loop (10–60 ms of compilation in a first conversion).
    const triggers = this.triggers;
    for (let t = 0; t < triggers.length; t++) {
      const unit = triggers[t]!;
      for (let v = valueUnits.indexOf(unit); v >= 0; v = valueUnits.indexOf(unit, v + 1)) {
        const low = entryHolding(valueStart, v);
        const start = valueStart[low]!, end = valueStart[low + 1]!;
        if (end - start < 2) continue;
        for (let pair = v - 1; pair <= v; pair++) {
          if (pair < start || pair + 1 >= end) continue;
          const key = valueUnits[pair]! * 0x10000 + valueUnits[pair + 1]!;
          const list = index.get(key);
          if (list) list.push(start, end, pair - start);
          else index.set(key, [start, end, pair - start]);
        }
      }
    }
    return index;
  }
}

/** The entry whose value holds value unit v: the last e with valueStart[e] <= v. */
function entryHolding(valueStart: Uint32Array, v: number): number {
  let low = 0, high = valueStart.length - 2;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (valueStart[mid]! <= v) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The context rule stage of a configuration, or null when it has no rules. */
export function contextRulesFor(config: ConfigName, phrases: CompiledDictionary): ContextRuleStage | null {
  const rules = CONTEXT_RULES.filter((rule) => rule.configs.includes(config));
  return rules.length > 0 ? new ContextRuleStage(rules, phrases) : null;
}
