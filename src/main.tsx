import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { createLabClient } from './worker/labClient';
import './ui/styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const api = createLabClient();
createRoot(container).render(<App api={api} />);
