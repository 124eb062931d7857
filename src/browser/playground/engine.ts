/**
 * The playground's access to fanjian: converters cached per configuration and user dictionary, detect, repair.
 * The one place that knows where the library comes from. Data arrives on demand: a configuration's dictionaries
 * the first time it is chosen (loadConverter), detect/repair's tables the first time they are needed (loadDetector).
 */
import {
  loadConverter, loadDetector, type ConfigName, type Converter, type Detection, type RepairResult, type RepairTarget,
} from '../index.js';
import type { DocumentOptions } from '../documents.js';

/** What convertDocument takes as `converter`: a text conversion that can say what it changed where. */
export type DocumentConverter = NonNullable<DocumentOptions['converter']>;

export interface Settings {
  readonly mode: 'convert' | 'repair';
  readonly config: ConfigName;
  readonly target: RepairTarget;
  readonly corrections: boolean;
}

const converters = new Map<string, Promise<Converter>>();
const detectors = new Map<boolean, ReturnType<typeof loadDetector>>();

function detector(corrections: boolean): ReturnType<typeof loadDetector> {
  let loading = detectors.get(corrections);
  if (!loading) {
    loading = loadDetector({ corrections });
    loading.catch(() => detectors.delete(corrections));
    detectors.set(corrections, loading);
  }
  return loading;
}

export const engine = {
  /** The converter for the settings and the user's dictionary (OpenCC text, or null). */
  converter(settings: Settings, dictionary: string | null): Promise<Converter> {
    const key = `${settings.config}\u0000${settings.corrections}\u0000${dictionary ?? ''}`;
    let converter = converters.get(key);
    if (!converter) {
      if (converters.size > 8) converters.clear();
      converter = loadConverter(settings.config, {
        corrections: settings.corrections, ...(dictionary ? { dictionaries: [dictionary] } : {}),
      });
      converter.catch(() => converters.delete(key));
      converters.set(key, converter);
    }
    return converter;
  },
  /** Resolves once detect and repair can run. */
  async ready(settings: Settings): Promise<void> {
    await detector(settings.corrections);
  },
  async detect(text: string, settings: Settings): Promise<Detection> {
    return (await detector(settings.corrections)).detect(text);
  },
  async repair(text: string, settings: Settings): Promise<RepairResult> {
    return (await detector(settings.corrections)).repair(text, { to: settings.target, corrections: settings.corrections });
  },
  /** Repair as a converter for documents, reporting its changes so that the driver places them across markup. */
  async repairer(settings: Settings): Promise<DocumentConverter> {
    const { repair } = await detector(settings.corrections);
    const run = (text: string) => repair(text, { to: settings.target, corrections: settings.corrections });
    return {
      convert: (text) => run(text).text,
      changes: (text) => {
        const result = run(text);
        return { text: result.text, changes: result.changes.map(({ index, from, to }) => ({ index, from, to })) };
      },
    };
  },
};
