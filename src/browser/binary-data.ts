/**
 * Which data files the static build (dist/browser/fanjian.js, loaded from a static folder or a CDN) fetches as plain
 * bytes, dist/browser/data/<file>, rather than importing their modules: the dictionaries that loadConverter loads
 * with fanjian's corrections (the default), which are on the way to a page's first conversion. Fetched with
 * fetch(), they arrive as an ArrayBuffer that the decoder reads directly: no script to parse (450 kB for s2t) and no
 * string to turn back into bytes. The other files (detect and repair's tables, OpenCC's data for
 * `corrections: false`) are imported as modules, as in the build for bundlers; shipping them twice would take the
 * package over its size limit for files few pages load.
 */
import type { DataManifest } from '../data-source.js';

export function binaryDataFiles(manifest: DataManifest): string[] {
  return [...new Set(Object.values(manifest.groups).map((files) => files.fanjian))].sort();
}
