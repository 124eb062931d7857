/**
 * Which data files the static build (dist/browser/fanjian.js, loaded from a static folder or a CDN) fetches as plain
 * bytes, dist/browser/data/<file>, rather than importing their modules: the dictionary groups larger than
 * BYTES_THRESHOLD (the s2t group, 400 kB, with and without fanjian's corrections). Fetched with fetch(), they arrive
 * as an ArrayBuffer that the decoder reads directly: no script for V8 to parse (the s2t module's streaming parse
 * spanned 23 ms of a background thread in a trace) and no string to turn back into bytes. A small file gains little
 * from that, and a fetch() costs its own steps on the main thread (the response, then its body); in the bench, the
 * t2s page (a 55 kB group) was no sooner with its data as bytes, so small files stay modules, as in the build for
 * bundlers, and so do detect and repair's tables (the package would pass its size limit with them twice).
 * The build writes the list (dist/browser/data/bytes.js, #browser-bytes) that the static build bundles.
 */
import type { DataManifest } from '../data-source.js';

export const BYTES_THRESHOLD = 100_000;

/** The files fetched as bytes, from the manifest and each file's size in bytes. */
export function binaryDataFiles(manifest: DataManifest, size: (file: string) => number): string[] {
  const groups = new Set(Object.values(manifest.groups).flatMap((files) => [files.fanjian, files.upstream]));
  return [...groups].filter((file) => size(file) > BYTES_THRESHOLD).sort();
}
