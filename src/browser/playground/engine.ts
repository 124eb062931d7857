/**
 * The playground's access to fanjian: converters cached per configuration and user dictionary, detect, repair.
 * The one place that knows where the library and its data come from. Loading is asynchronous, as data per
 * configuration is fetched on demand in browsers.
 */
import {
  createConverter, detect, repair, type ConfigName, type Converter, type Detection, type RepairResult, type RepairTarget,
} from '../index.js';

export interface Settings {
  readonly mode: 'convert' | 'repair';
  readonly config: ConfigName;
  readonly target: RepairTarget;
  readonly corrections: boolean;
}

const converters = new Map<string, Promise<Converter>>();

export const engine = {
  /** The converter for the settings and the user's dictionary (OpenCC text, or null). */
  converter(settings: Settings, dictionary: string | null): Promise<Converter> {
    const key = `${settings.config}\u0000${settings.corrections}\u0000${dictionary ?? ''}`;
    let converter = converters.get(key);
    if (!converter) {
      if (converters.size > 8) converters.clear();
      converter = Promise.resolve().then(() => createConverter(settings.config, {
        corrections: settings.corrections, ...(dictionary ? { dictionaries: [dictionary] } : {}),
      }));
      converter.catch(() => converters.delete(key));
      converters.set(key, converter);
    }
    return converter;
  },
  async detect(text: string): Promise<Detection> {
    return detect(text);
  },
  async repair(text: string, settings: Settings): Promise<RepairResult> {
    return repair(text, { to: settings.target, corrections: settings.corrections });
  },
  /** Repair as a text transform (for documents). */
  async repairer(settings: Settings): Promise<(text: string) => string> {
    return (text) => repair(text, { to: settings.target, corrections: settings.corrections }).text;
  },
};
