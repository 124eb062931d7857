/**
 * node:fs as the CLI's modules take it: from process.getBuiltinModule, not imported. An ES import of node:fs builds
 * its whole namespace, whose getters load Node's stream modules: milliseconds of every start-up, in every thread.
 */
export const fs = process.getBuiltinModule('node:fs');
