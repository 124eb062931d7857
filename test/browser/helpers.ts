/**
 * Shared helpers of the real-browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser
 * build), and a tiny static HTTP server on 127.0.0.1 that records what each page fetched. The implementation lives in
 * src/bench/browser-harness.ts, which `npm run bench:browser` uses too.
 *
 * Chromium is found through CHROMIUM_PATH or as `chromium` / `chromium-browser` on PATH. `.ci/run` installs the
 * Debian packages `chromium` and `fonts-wqy-microhei` when they are missing.
 */
import { fileURLToPath } from 'node:url';

export {
  CHROMIUM_MISSING, findChromium, launchChromium, serveStatic, type ServedRequest, type StaticServer,
} from '../../src/bench/browser-harness.js';

/** The repository root (test/browser/../..). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
