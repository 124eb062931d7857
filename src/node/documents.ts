/** The fanjian/documents entry for Node (dictionaries read from disk, as in the main entry). */
import './index.js';

export * from '../documents.js';
