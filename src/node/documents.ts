/** The fanjian/documents entry for Node (dictionaries read from disk, as in the main entry). */
import './index.js';
import './zip-codec.js'; // zip entries through node:zlib

export * from '../documents.js';
