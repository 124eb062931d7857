/**
 * Types of the module the build generates at dist/dictionary/packed-format-wasm.js (src/build/build-wasm.ts): the
 * packed dictionary decoder's WebAssembly module (packed-format.wat), base64-encoded, which the bundles embed.
 */
export declare const PACKED_DECODER_WASM: string;
