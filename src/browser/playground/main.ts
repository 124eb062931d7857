/**
 * The playground page (site/index.html): convert as you type, explain and choose, detect, repair, convert files.
 * Everything happens in the page with the browser build of fanjian; the site is static files.
 */
import { CONFIGS, type ConfigName, type RepairTarget } from '../index.js';
import { engine, type Settings } from './engine.js';
import { FilePanel } from './file-panel.js';
import { InputView } from './input-view.js';
import { OutputView } from './output-view.js';
import { SAMPLES } from './samples.js';
import { UserDictionary } from './user-dictionary.js';
import { byId, download } from './ui.js';

const SETTINGS_KEY = 'fanjian.playground.settings.v1';

let firstOutputShown: () => void = () => undefined;
/** Resolves when the first conversion is on screen. */
const firstOutput = new Promise<void>((done) => (firstOutputShown = done));
/** Above this many characters the output is shown without per-span marks (explain costs more than convert). */
const EXPLAIN_LIMIT = 300_000;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function loadSettings(): Settings {
  const fallback: Settings = { mode: 'convert', config: 's2twp', target: 'tw', corrections: true };
  try {
    const saved = JSON.parse(storage()?.getItem(SETTINGS_KEY) ?? 'null') as Partial<Settings> | null;
    if (!saved) return fallback;
    return {
      mode: saved.mode === 'repair' ? 'repair' : 'convert',
      config: CONFIGS.some((c) => c.name === saved.config) ? saved.config! : fallback.config,
      target: (['tw', 'hk', 't', 'cn', 's'] as const).includes(saved.target as RepairTarget) ? saved.target! : 'tw',
      corrections: saved.corrections !== false,
    };
  } catch {
    return fallback;
  }
}

function start(): void {
  const dictionary = new UserDictionary(storage());
  let settings = loadSettings();
  const input = byId<HTMLTextAreaElement>('input');
  const configSelect = byId<HTMLSelectElement>('config');
  const targetSelect = byId<HTMLSelectElement>('target');
  const corrections = byId<HTMLInputElement>('corrections');
  const inputView = new InputView(input, byId('highlights'), byId('detect-badge'), byId('detect-summary'));
  const outputView = new OutputView(byId('output'), byId('popover'), byId('stats'), byId('changes'), {
    choose(key, value) {
      dictionary.set(settings.config, key, value);
      renderDictionary();
      update();
    },
  });

  for (const config of CONFIGS) {
    const option = document.createElement('option');
    option.value = config.name;
    option.textContent = `${config.name} — ${config.description}`;
    configSelect.append(option);
  }

  const save = () => {
    try {
      storage()?.setItem(SETTINGS_KEY, JSON.stringify(settings));
    } catch { /* settings stay for this visit */ }
  };
  const showSettings = () => {
    configSelect.value = settings.config;
    targetSelect.value = settings.target;
    corrections.checked = settings.corrections;
    for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=mode]')) radio.checked = radio.value === settings.mode;
    byId('config-field').hidden = settings.mode !== 'convert';
    byId('swap').hidden = settings.mode !== 'convert';
    byId('target-field').hidden = settings.mode !== 'repair';
    byId('legend').hidden = settings.mode !== 'convert';
    byId('dictionary-config').textContent = `for ${settings.config}`;
  };

  /** Each update renders only if no later one has started (loading data may take a moment). */
  let generation = 0;
  let scheduled = 0;
  const update = () => {
    cancelAnimationFrame(scheduled);
    scheduled = requestAnimationFrame(() => void render(++generation));
  };
  const render = async (mine: number) => {
    const text = input.value;
    try {
      if (settings.mode === 'convert') {
        const loading = engine.converter(settings, dictionary.text(settings.config));
        const slow = setTimeout(() => outputView.showLoading(`Loading the ${settings.config} dictionaries…`), 150);
        const converter = await loading.finally(() => clearTimeout(slow));
        if (mine !== generation) return;
        const started = performance.now();
        if (text.length > EXPLAIN_LIMIT) {
          outputView.showPlain(converter.convert(text), text.length, performance.now() - started);
        } else {
          const spans = converter.explain(text);
          outputView.showConversion(text, spans, performance.now() - started, new Set(dictionary.list(settings.config).map((e) => e.key)));
        }
        // The first output is on screen (npm run bench:browser and the tests read this mark).
        if (performance.getEntriesByName('fanjian:first-output').length === 0) {
          performance.mark('fanjian:first-output');
          firstOutputShown();
        }
        const detection = await engine.detect(text, settings);
        if (mine !== generation) return;
        inputView.show(text, detection, null);
      } else {
        const slow = setTimeout(() => outputView.showLoading('Loading the data of detect and repair…'), 150);
        await engine.ready(settings).finally(() => clearTimeout(slow)); // so that the time below is repair's own
        if (mine !== generation) return;
        const started = performance.now();
        const result = await engine.repair(text, settings);
        outputView.showRepair(text, result, performance.now() - started);
        inputView.show(text, await engine.detect(text, settings), result.changes);
      }
      document.documentElement.dataset.rendered = String(mine);
    } catch (error) {
      if (mine === generation) outputView.showError(error instanceof Error ? error.message : String(error));
    }
  };

  const renderDictionary = () => {
    const list = byId('dictionary-list');
    list.replaceChildren();
    const entries = dictionary.list(settings.config);
    if (entries.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'muted';
      empty.textContent = 'No choices yet: click a dotted character in the output.';
      list.append(empty);
    }
    for (const entry of entries) {
      const item = document.createElement('li');
      const pair = document.createElement('span');
      pair.className = 'pair';
      pair.lang = 'zh';
      pair.textContent = `${entry.key} → ${entry.value}`;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'text-button';
      remove.textContent = 'Remove';
      remove.setAttribute('aria-label', `Remove ${entry.key} → ${entry.value}`);
      remove.addEventListener('click', () => {
        dictionary.remove(settings.config, entry.key);
        renderDictionary();
        update();
        byId('dictionary-title').focus();
      });
      item.append(pair, remove);
      list.append(item);
    }
    for (const id of ['dictionary-export', 'dictionary-copy', 'dictionary-clear']) {
      (byId(id) as HTMLButtonElement).disabled = entries.length === 0;
    }
  };

  const change = (next: Partial<Settings>) => {
    settings = { ...settings, ...next };
    save();
    showSettings();
    renderDictionary();
    update();
  };

  input.addEventListener('input', update);
  configSelect.addEventListener('change', () => change({ config: configSelect.value as ConfigName }));
  targetSelect.addEventListener('change', () => change({ target: targetSelect.value as RepairTarget }));
  corrections.addEventListener('change', () => change({ corrections: corrections.checked }));
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=mode]')) {
    radio.addEventListener('change', () => radio.checked && change({ mode: radio.value as Settings['mode'] }));
  }
  byId('swap').addEventListener('click', async () => {
    const current = CONFIGS.find((c) => c.name === settings.config)!;
    const back = CONFIGS.find((c) => c.from === current.to && c.to === current.from) ??
      CONFIGS.find((c) => c.from === current.to.replace(/p$/, '') && c.to === current.from.replace(/p$/, ''));
    input.value = (await engine.converter(settings, dictionary.text(settings.config))).convert(input.value);
    if (back) change({ config: back.name });
    else update();
    input.focus();
  });
  byId('sample').addEventListener('click', () => {
    const from = settings.mode === 'repair' ? 'repair' : CONFIGS.find((c) => c.name === settings.config)!.from;
    input.value = SAMPLES[from] ?? SAMPLES.cn!;
    update();
    input.focus();
  });
  byId('clear').addEventListener('click', () => {
    input.value = '';
    update();
    input.focus();
  });
  byId('copy').addEventListener('click', async () => {
    const button = byId('copy');
    try {
      await navigator.clipboard.writeText(outputView.text());
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed';
    }
    setTimeout(() => (button.textContent = 'Copy'), 1500);
  });
  byId('dictionary-export').addEventListener('click', () => {
    download(new Blob([dictionary.exportText(settings.config)], { type: 'text/plain;charset=utf-8' }), `fanjian-${settings.config}-dictionary.txt`);
  });
  byId('dictionary-copy').addEventListener('click', () => navigator.clipboard.writeText(dictionary.exportText(settings.config)).catch(() => undefined));
  byId('dictionary-clear').addEventListener('click', () => {
    if (!confirm(`Remove all ${dictionary.list(settings.config).length} choices for ${settings.config}?`)) return;
    dictionary.clear(settings.config);
    renderDictionary();
    update();
  });

  new FilePanel({
    settings: () => settings,
    dictionary: () => dictionary.text(settings.config),
    quotes: byId<HTMLSelectElement>('quotes'),
  });

  showSettings();
  renderDictionary();
  if (!input.value) input.value = SAMPLES[CONFIGS.find((c) => c.name === settings.config)!.from] ?? SAMPLES.cn!;
  update();
  byId('app').setAttribute('aria-busy', 'false');
  document.documentElement.dataset.ready = 'true';
}

function offlineStatus(): void {
  const pill = byId('offline');
  const show = (ready: boolean) => {
    pill.textContent = !navigator.onLine ? 'Offline — still working' : ready ? 'Works offline' : 'Online';
    pill.classList.toggle('ok', ready || !navigator.onLine);
  };
  show(false);
  addEventListener('online', () => show(Boolean(navigator.serviceWorker?.controller)));
  addEventListener('offline', () => show(true));
  if ('serviceWorker' in navigator && window.isSecureContext) {
    // After the first output (or 5 s): installing caches every file of the site, which would compete with it.
    void Promise.race([firstOutput, new Promise((done) => setTimeout(done, 5000))])
      .then(() => navigator.serviceWorker.register('sw.js'))
      .then(() => navigator.serviceWorker.ready).then(() => show(true), () => show(false));
  }
}

offlineStatus();
start();
