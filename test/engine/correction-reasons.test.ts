/**
 * The evidence of fanjian's corrections in explain(), openccDifferences() and the CLI (issue 10 point 4): the comment
 * above each entry group of dictionaries/*.txt, compiled apart from the dictionaries and loaded only to explain.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createConverter } from '../../src/node/index.js';
import { nodeDataSource } from '../../src/node/data-source.js';
import { CORRECTION_REASONS, defaultStore, setDataSource, type DataSource } from '../../src/data-source.js';
import { collectReasons } from '../../src/dictionary/correction-reasons.js';
import { parseDictionaryText } from '../../src/dictionary/text-format.js';
import { fanjian } from '../cli/helpers.js';

const layer = new URL('../../dictionaries/', import.meta.url);
const layerFiles = readdirSync(layer).filter((f) => f.endsWith('.txt'));

describe('collectReasons', () => {
  it('gives each entry the comment block right above its group, without section headings', () => {
    const text = [
      '# file header',
      '',
      '# --- A class of corrections ---------',
      '# first line of the evidence,',
      '#   second line.',
      'a\tA',
      'b\tB',
      '# another reason',
      'c\tC',
      '',
      'd\tD',
      '',
      '# --- 冲: 沖 "to wash away" ---------',
      'e\tE',
    ].join('\n');
    const { reasons, keys } = collectReasons(text);
    expect(reasons).toEqual(['first line of the evidence, second line.', 'another reason', '冲: 沖 "to wash away"']);
    expect(keys).toEqual({ a: 0, b: 0, c: 1, e: 2 });
  });
});

describe('explain names the correction and its evidence', () => {
  it('every entry of dictionaries/*.txt has its evidence', () => {
    for (const file of layerFiles) {
      const text = readFileSync(new URL(file, layer), 'utf8');
      const { keys } = collectReasons(text);
      for (const entry of parseDictionaryText(text, file)) expect(keys[entry.key], `${file}: ${entry.key}`).toBeDefined();
    }
  });

  it('a span a correction decided carries the comment above its entry', () => {
    const text = readFileSync(new URL('STPhrases.txt', layer), 'utf8').split('\n');
    const line = text.findIndex((l) => l.startsWith('中俄关系\t'));
    expect(line).toBeGreaterThan(0);
    const comment = text[line - 1]!.replace(/^#\s?/, '');
    const converter = createConverter('s2tw');
    const [span] = converter.explain('中俄关系');
    expect(span).toMatchObject({ source: '中俄关系', target: '中俄關係', dictionary: 'STPhrases (fanjian)' });
    expect(span!.reason).toContain(comment.slice(0, 40));
    expect(span!.steps[0]!.reason).toBe(span!.reason);
    // A correction that keeps the text as written is explained too (不准 "not allowed" stays 不准).
    const kept = converter.explain('不准吸烟').find((s) => s.source === '不准')!;
    expect(kept).toMatchObject({ target: '不准', dictionary: 'STPhrases (fanjian)' });
    expect(kept.reason).toMatch(/not allowed/);
    // OpenCC's own entries and the converter without corrections give no reason.
    expect(converter.explain('头发')[0]!.reason).toBeUndefined();
    expect(createConverter('s2tw', { corrections: false }).explain('中俄关系')[0]!.reason).toBeUndefined();
  });

  it('openccDifferences gives the same evidence', () => {
    const [difference] = createConverter('s2t').openccDifferences('用干手机');
    expect(difference).toMatchObject({ fanjian: expect.stringContaining('乾手機'), opencc: expect.stringContaining('幹手機'),
      by: 'STPhrases (fanjian)' });
    expect(difference!.reason).toMatch(/dryer/);
  });

  it('the CLI --explain prints the reason', async () => {
    const result = await fanjian(['-c', 's2tw', '--explain'], { input: '中俄关系' });
    expect(result.stdout.toString('utf8')).toBe('中俄關係');
    expect(result.stderr).toMatch(/^-:1:1: 中俄关系 → 中俄關係 {2}\(STPhrases \(fanjian\), stage 1: 关系 "relation" is 關係/);
  });
});

describe('the evidence is loaded only to explain', () => {
  afterEach(() => {
    setDataSource(nodeDataSource);
  });

  /** The Node source, recording which files it is asked for; without `read`, a browser-like source. */
  function recording(sync: boolean): { source: DataSource; files: string[] } {
    const files: string[] = [];
    const source: DataSource = {
      location: 'test', remedy: 'none', manifest: () => nodeDataSource.manifest(),
      ...(sync
        ? { read: (file: string) => { files.push(file); return nodeDataSource.read!(file); } }
        : { load: async (file: string) => { files.push(file); return nodeDataSource.read!(file); } }),
    };
    return { source, files };
  }

  it('Node: convert() never reads it; explain() reads it once, on first need', () => {
    const { source, files } = recording(true);
    setDataSource(source);
    const converter = createConverter('s2tw');
    expect(converter.convert('中俄关系，干手机')).toBe('中俄關係，乾手機');
    expect(files).not.toContain(CORRECTION_REASONS);
    converter.explain('头发'); // no correction: no reason needed
    expect(files).not.toContain(CORRECTION_REASONS);
    expect(converter.explain('中俄关系')[0]!.reason).toBeDefined();
    expect(converter.explain('干手机')[0]!.reason).toBeDefined();
    expect(files.filter((f) => f === CORRECTION_REASONS)).toHaveLength(1);
  });

  it('browsers: explain() works without it, and gives reasons once loadReasons() fetched it', async () => {
    const { source, files } = recording(false);
    setDataSource(source);
    const store = defaultStore();
    await store.loadFiles(store.configFiles({ name: 's2tw', chain: [], normalize: true, from: 'cn', to: 'tw', description: '' }, true));
    const { loadConverter } = await import('../../src/loaders.js');
    const converter = await loadConverter('s2tw');
    expect(files).not.toContain(CORRECTION_REASONS);
    const before = converter.explain('中俄关系')[0]!;
    expect(before).toMatchObject({ target: '中俄關係', dictionary: 'STPhrases (fanjian)' });
    expect(before.reason).toBeUndefined();
    await converter.loadReasons();
    expect(files.filter((f) => f === CORRECTION_REASONS)).toHaveLength(1);
    expect(converter.explain('中俄关系')[0]!.reason).toMatch(/關係/);
  });
});
