/** The package entry for Node: the core API with dictionaries read from disk and Buffer-based text coding. */
import { setTextCodec } from '../code-units.js';
import { setDataSource } from '../data-source.js';
import { nodeDataSource } from './data-source.js';
import { bufferCodec } from './text-codec.js';

setDataSource(nodeDataSource);
setTextCodec(bufferCodec);

export * from '../index.js';
