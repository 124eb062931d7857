/**
 * Shared helpers of the real-browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser
 * build), and a tiny static HTTP server on 127.0.0.1 that records what each page fetched. The implementation lives in
 * src/bench/browser-harness.ts, which `npm run bench:browser` uses too.
 *
 * Chromium is found through CHROMIUM_PATH or as `chromium` / `chromium-browser` on PATH. `.ci/run` installs the
 * Debian packages `chromium` and `fonts-wqy-microhei` when they are missing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { groupKey, NORMALIZATION, resolveConfig, type ConfigName } from '../../src/configs.js';
import type { DataManifest } from '../../src/data-source.js';

export {
  CHROMIUM_MISSING, findChromium, launchChromium, serveStatic, type ServedRequest, type StaticServer,
} from '../../src/bench/browser-harness.js';

/** The repository root (test/browser/../..). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The data files a configuration needs, by the build's manifest (dist/data/manifest.json) and the configuration
 * table: its normalization and chain groups, with or without fanjian's corrections. Names end in .bin; their
 * browser modules end in .js instead.
 */
export function dataFilesOf(config: ConfigName, corrections = true): string[] {
  const manifest = JSON.parse(readFileSync(new URL('dist/data/manifest.json', `file://${repoRoot}`), 'utf8')) as DataManifest;
  const groups = [NORMALIZATION, ...resolveConfig(config).chain];
  return [...new Set(groups.map((group) => manifest.groups[groupKey(group)]![corrections ? 'fanjian' : 'upstream']))].sort();
}
