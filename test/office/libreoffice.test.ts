/**
 * Every converted fixture opened by a real office suite: LibreOffice headless exports the original and the converted
 * file to flat OpenDocument, and the text it reads from the converted file must be the converted text it reads from
 * the original (paragraph by paragraph, properties too), formula results and number renderings unchanged. Skipped,
 * with a message, where `soffice` is not installed (Debian: libreoffice-writer-nogui libreoffice-calc-nogui
 * libreoffice-impress-nogui; .ci/run installs them).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { convertOffice, flatOdfText, officeFixture } from './helpers.js';

const soffice = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'soffice')).find((path) => existsSync(path));
if (!soffice) {
  console.warn('[fanjian tests] soffice (LibreOffice) is not installed: the office-suite check of converted Office files is ' +
    'skipped (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui).');
}

/** Fixture, and the flat format LibreOffice exports it to. */
const FIXTURES = [
  ['document.docx', 'fodt'], ['document.odt', 'fodt'],
  ['spreadsheet.xlsx', 'fods'], ['inline-strings.xlsx', 'fods'], ['spreadsheet.ods', 'fods'],
  ['presentation.pptx', 'fodp'], ['presentation.odp', 'fodp'],
  ['chart.docx', 'fodt'], ['chart.odt', 'fodt'], ['chart.xlsx', 'fods'], ['chart.ods', 'fods'], ['chart.pptx', 'fodp'], ['chart.odp', 'fodp'],
] as const;
const CONFIG = 's2twp';

describe.skipIf(!soffice)('LibreOffice reads every converted fixture', () => {
  let work = '';
  const exported = (name: string, which: 'original' | 'converted') => {
    const [file, flat] = FIXTURES.find(([f]) => f === name)!;
    return readFileSync(join(work, 'out', `${which}-${file.replace('.', '-')}.${flat}`), 'utf8');
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'fanjian-office-'));
    mkdirSync(join(work, 'in'));
    const inputs = new Map<string, string[]>();
    for (const [file, flat] of FIXTURES) {
      const original = officeFixture(file);
      const extension = file.slice(file.lastIndexOf('.'));
      const base = file.replace('.', '-');
      for (const [which, bytes] of [['original', original], ['converted', convertOffice(original, file, { config: CONFIG })]] as const) {
        const path = join(work, 'in', `${which}-${base}${extension}`);
        writeFileSync(path, bytes);
        inputs.set(flat, [...(inputs.get(flat) ?? []), path]);
      }
    }
    // One soffice run per flat format (a run exports all its files), with a profile of its own.
    for (const [flat, paths] of inputs) {
      execFileSync(soffice!, [`-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`, '--headless',
        '--convert-to', flat, '--outdir', join(work, 'out'), ...paths], { stdio: 'ignore', timeout: 120_000 });
    }
  }, 180_000);

  afterAll(() => {
    if (work && !process.env.KEEP) rmSync(work, { recursive: true, force: true });
  });

  it.each(FIXTURES.map(([file]) => file))('%s: the text of the converted file is the converted text of the original', (file) => {
    const before = flatOdfText(exported(file, 'original'));
    const after = flatOdfText(exported(file, 'converted'));
    expect(before.paragraphs.length).toBeGreaterThan(3);
    expect(after.paragraphs.map((p) => p.text)).toEqual(
      before.paragraphs.map((p) => (p.kept ? p.text : convert(p.text, CONFIG))));
    expect(after.properties).toEqual(before.properties.map((p) => convert(p, CONFIG)));
  });
});
