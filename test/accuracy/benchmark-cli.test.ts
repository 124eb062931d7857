/**
 * `npm run accuracy` end to end on tiny answer keys made here (the real ones live in ../shared): the table, the
 * JSON figures, the error listing, and the refusal when no data is found. Needs the build (npm test runs it first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../dist/bench/accuracy.js', import.meta.url));
let folder = '';

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'fanjian-accuracy-cli-'));
  mkdirSync(join(folder, 'accuracy'));
  mkdirSync(join(folder, 'corpus'));
  writeFileSync(join(folder, 'accuracy', 'cedict-dev.tsv'),
    '# tiny answer key\n頭髮\t头发\n關係\t关系\n乾手機\t干手机\n台灣\t台湾\n臺灣\t台湾\n一\t一\n');
  // Traditional lines; the Simplified one (a notice) is left out of the round trip.
  writeFileSync(join(folder, 'corpus', 'gutenberg-25328.txt'),
    '他的頭髮乾了，後來就去了。\n這裡並沒有幹部。\n本书由维基文库整理\n於是大家都走了。\n');
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

const env = () => ({ ...process.env, FANJIAN_ACCURACY: join(folder, 'accuracy'), FANJIAN_CORPUS: join(folder, 'corpus'), FANJIAN_LOHELP: '' });

describe('npm run accuracy', () => {
  it('prints fanjian and opencc-js side by side for both splits, and the figures as JSON', () => {
    const json = join(folder, 'figures.json');
    const out = execFileSync(process.execPath, [script, '--json', json], { env: env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toMatch(/\| CC-CEDICT\s+\| s2tw\s+\| dev /);
    expect(out).toMatch(/\| CC-CEDICT\s+\| tw2s\s+\| test /);
    expect(out).toMatch(/\| gutenberg-25328\.txt \| t2s→s2tw\s+\| dev /);
    const rows = JSON.parse(readFileSync(json, 'utf8')) as { measure: string; direction: string; results: Record<string, Record<string, { units: number }>> }[];
    const cedict = rows.find((r) => r.measure === 'CC-CEDICT' && r.direction === 's2tw')!;
    expect(Object.keys(cedict.results).sort()).toEqual(['fanjian', 'opencc-js']);
    // Five simplified headwords (台湾 lists two forms), split between the parts.
    expect(cedict.results.fanjian!.dev!.units + cedict.results.fanjian!.test!.units).toBe(5);
    const roundTrip = rows.find((r) => r.measure === 'gutenberg-25328.txt' && r.direction === 't2s→s2t')!;
    const han = roundTrip.results.fanjian!.dev!.units + roundTrip.results.fanjian!.test!.units;
    expect(han).toBe(11 + 7 + 7); // the Simplified notice line is not counted
  });

  it('lists error classes of the development part with --errors', () => {
    const out = execFileSync(process.execPath, [script, '--errors', '5', '--only', 'cedict'], { env: env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toMatch(/## CC-CEDICT s2tw: \d+ errors of fanjian on the development part \(opencc-js: \d+\)/);
  });

  it('says with --unihan which Unihan field links each error class, and counts the errors by that link', () => {
    // A synthetic Unihan_Variants.txt (the real one is Debian's unicode-data): 乾 and 干 as a Simplified/Traditional pair.
    const unihan = join(folder, 'Unihan_Variants.txt');
    writeFileSync(unihan, '# test\nU+4E7E\tkSimplifiedVariant\tU+5E72\nU+5E72\tkTraditionalVariant\tU+5E72 U+5E79 U+4E7E\n');
    const out = execFileSync(process.execPath, [script, '--errors', '5', '--only', 'cedict', '--unihan', unihan],
      { env: env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toMatch(/Unihan: kZVariant or kSemanticVariant \(variants of one character\): fanjian \d+, opencc-js \d+/);
    expect(out).toMatch(/Unihan: no Unihan link: fanjian \d+, opencc-js \d+/);
    const missing = spawnSync(process.execPath, [script, '--errors', '5', '--only', 'cedict', '--unihan'], { env: env(), encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--unihan needs the path of Unihan_Variants.txt');
  });

  it('counts the round-trip errors at positions the first trip lost apart, and takes another variant table with --variants', () => {
    const run = (...args: string[]) => execFileSync(process.execPath, [script, '--only', 'roundtrip', ...args],
      { env: env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const out = run('--json', join(folder, 'rt.json'));
    expect(out).toContain('positions the first trip lost');
    expect(out).toMatch(/\| gutenberg-25328\.txt \| t2s→s2t\s+\| dev\s+\| \d+ of \d+ \(without them: /);
    const errors = (file: string) => {
      const rows = JSON.parse(readFileSync(file, 'utf8')) as { direction: string; results: Record<string, Record<string, { errors: number; lost?: number }>> }[];
      const r = rows.find((row) => row.direction === 't2s→s2t')!.results['opencc-js']!;
      expect(r.dev!.lost).toBeGreaterThanOrEqual(0);
      return r.dev!.errors + r.test!.errors;
    };
    // opencc-js writes 幹部 for the 幹部 of the text and 乾 for 乾了; a table declaring every pair it could confuse here
    // (髮/發, 乾/幹, 裡/里, 後/后, 於/于) leaves it no error, where the repository's table leaves some.
    const table = join(folder, 'variants.tsv');
    writeFileSync(table, '髮\t發\n乾\t幹\n裡\t里\t裏\n後\t后\n於\t于\n並\t并\n');
    run('--variants', table, '--json', join(folder, 'rt-variants.json'));
    expect(errors(join(folder, 'rt-variants.json'))).toBe(0);
    expect(errors(join(folder, 'rt.json'))).toBeGreaterThan(0);
    const missing = spawnSync(process.execPath, [script, '--variants'], { env: env(), encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--variants needs a file name');
  });

  it('refuses with exit code 2 when no data is found, and on an unknown argument', () => {
    const none = spawnSync(process.execPath, [script], {
      env: { ...process.env, FANJIAN_ACCURACY: join(folder, 'absent'), FANJIAN_CORPUS: join(folder, 'absent'), FANJIAN_LOHELP: '' },
      encoding: 'utf8',
    });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('nothing measured');
    const bad = spawnSync(process.execPath, [script, '--frobnicate'], { env: env(), encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown argument --frobnicate');
  });
});
