/**
 * The playground's access to fanjian: converters cached per configuration and user dictionary, detect, repair.
 * The one place that knows where the library comes from. Data arrives on demand: a configuration's dictionaries
 * the first time it is chosen (loadConverter), detect/repair's tables the first time they are needed (loadDetector).
 */
import {
  loadConverter, loadDetector, type ConfigName, type Converter, type Detection, type RepairResult, type RepairTarget,
} from '../index.js';

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
  /** Repair as a text transform (for documents). */
  async repairer(settings: Settings): Promise<(text: string) => string> {
    const { repair } = await detector(settings.corrections);
    return (text) => repair(text, { to: settings.target, corrections: settings.corrections }).text;
  },
};
