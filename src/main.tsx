import { createRoot } from 'react-dom/client';
import { defaultConfig } from './engine/config/defaults';
import { decodeConfig, encodeConfig } from './engine/config/urlCodec';
import { App } from './ui/App';
import { createLabClient } from './worker/labClient';
import './ui/styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// The address bar holds the experiment: open what it says (bad fields named, defaults used), then keep it current.
const fromLink = window.location.search.length > 1 ? decodeConfig(window.location.search) : null;
const appParams = fromLink?.appParams ?? {};
const syncAddressBar = (config: Parameters<typeof encodeConfig>[0]) => {
  const extra = Object.entries(appParams).map(([k, v]) => `&${k}=${encodeURIComponent(v)}`).join('');
  window.history.replaceState(null, '', `?${encodeConfig(config)}${extra}`);
};

syncAddressBar(fromLink?.config ?? defaultConfig());

const api = createLabClient();
createRoot(container).render(
  <App
    api={api}
    autoPlay
    initialConfig={fromLink?.config}
    linkIssues={fromLink?.issues.map((i) => i.message) ?? []}
    onConfigChange={syncAddressBar}
  />,
);
