/** The fanjian/documents entry for browsers (embedded dictionaries, as in the main entry). */
import './index.js';

export * from '../documents.js';
