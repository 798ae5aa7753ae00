import { createRoot } from 'react-dom/client';
import { defaultConfig } from './engine/config/defaults';
import { decodeConfig } from './engine/config/urlCodec';
import { openRunStore } from './lab/history/openRunStore';
import { RunRecorder, withRunRecording } from './lab/history/runRecorder';
import { AddressBarSync } from './lab/share/addressBar';
import { parseHideParam } from './lab/share/hideParam';
import { MADE_ON_KEY, shareQuery } from './lab/share/shareLink';
import { SharedLab } from './ui/share/SharedLab';
import { createLabClient } from './worker/labClient';
import './ui/styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// The address bar holds the experiment: open what it says (bad fields named, defaults used), then keep it current.
const fromLink = window.location.search.length > 1 ? decodeConfig(window.location.search) : null;
const appParams = fromLink?.appParams ?? {};
const hide = parseHideParam(appParams.hide);
const initialConfig = fromLink?.config ?? defaultConfig();
const address = new AddressBarSync(window);
address.replace(shareQuery(initialConfig, appParams));

// Every run is recorded; IndexedDB when the browser allows it, else memory (and the lab says so).
const { store, ready } = openRunStore();
const recorder = new RunRecorder({ store });
const api = withRunRecording(createLabClient(), recorder);
// A reload or a closed tab keeps the last few seconds of the run too.
window.addEventListener('pagehide', () => void recorder.flush());

createRoot(container).render(
  <SharedLab
    api={api}
    recorder={recorder}
    storageReady={ready}
    address={address}
    initialConfig={initialConfig}
    linkIssues={[...(fromLink?.issues.map((i) => i.message) ?? []), ...hide.issues]}
    appParams={appParams}
    hidden={hide.hidden}
    origin={
      fromLink
        ? {
            name: initialConfig.name,
            note: initialConfig.note,
            seed: initialConfig.training.seed,
            madeOn: appParams[MADE_ON_KEY] ?? null,
          }
        : null
    }
  />,
);
