import { defaultConfig } from './engine/config/defaults';
import { decodeConfig } from './engine/config/urlCodec';
import { openEvaluationLog } from './lab/history/evaluationLog';
import { openRunStore } from './lab/history/openRunStore';
import { ConfigStore } from './lab/configStore';
import { RunRecorder } from './lab/history/runRecorder';
import { AddressBarSync } from './lab/share/addressBar';
import { parseHideParam } from './lab/share/hideParam';
import { MADE_ON_KEY, shareQuery } from './lab/share/shareLink';
import { parseViewParams } from './lab/share/viewParams';
import { createLabClient } from './worker/labClient';
import './ui/styles.css';
import './ui/responsive.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// The address bar holds the experiment: open what it says (bad fields named, defaults used), then keep it current.
const fromLink = window.location.search.length > 1 ? decodeConfig(window.location.search) : null;
const appParams = fromLink?.appParams ?? {};
const hide = parseHideParam(appParams.hide);
const view = parseViewParams(appParams);
const initialConfig = fromLink?.config ?? defaultConfig();
const address = new AddressBarSync(window);
address.replace(shareQuery(initialConfig, appParams));

// Every run is recorded; IndexedDB when the browser allows it, else memory (and the lab says so).
const runs = openRunStore();
// Records keep a bounded history; every evaluation goes to a log of its own, read by exports.
const recorder = new RunRecorder({ store: runs.store, evaluations: openEvaluationLog(), currentRunId: tabStorage('nonlinear-lab.current-run') });
// The link's `backend=` forces a compute backend; read here only. The worker starts now and
// downloads the run's data while its own code and the page's (React, the panels, below) load.
const api = createLabClient({ backend: appParams.backend ?? null, prepare: initialConfig });
const configStore = new ConfigStore({ api, initialConfig, address, appParams, recorder });
// A reload or a closed tab keeps the last few seconds of the run too.
window.addEventListener('pagehide', () => void recorder.flush());

// React and the panels are most of the page's script: loaded after the worker started, so that the
// worker's start does not wait for them to run.
import('./ui/share/renderSharedLab').then(
  ({ renderSharedLab }) =>
    renderSharedLab(container, {
      store: configStore,
      recorder,
      storageReady: runs.ready,
      linkIssues: [...(fromLink?.issues.map((i) => i.message) ?? []), ...hide.issues, ...view.issues],
      initialPace: view.pace,
      initialText: view.text,
      hidden: hide.hidden,
      origin: fromLink
        ? {
            name: initialConfig.name,
            note: initialConfig.note,
            seed: initialConfig.training.seed,
            madeOn: appParams[MADE_ON_KEY] ?? null,
          }
        : null,
    }),
  (error: unknown) => {
    container.textContent = `Nonlinear Lab could not load its page (${error instanceof Error ? error.message : String(error)}). Reload to try again.`;
  },
);

/** A value kept across reloads of this tab (sessionStorage), or nowhere where the browser refuses it. */
function tabStorage(key: string): { get(): string | null; set(value: string): void } {
  return {
    get: () => {
      try {
        return window.sessionStorage.getItem(key);
      } catch {
        return null;
      }
    },
    set: (value) => {
      try {
        window.sessionStorage.setItem(key, value);
      } catch {
        // Private modes may refuse storage: a reload then starts a new record.
      }
    },
  };
}
