/** Types of the module the build generates at dist/data/embedded.js (compiled dictionaries as base64). */
export declare const EMBEDDED_FILES: Readonly<Record<string, string>>;
