/**
 * ?mode=draw (bench/drawCost.ts drives it): what drawing the lab's snapshots costs the page's main
 * thread, apart from training. On a machine whose cores other jobs share, the lab/bare phases mix the
 * page's cost with everyone else's; this measures the page's part alone, the same snapshots each time.
 *
 *   window.__drawRecord(seconds): trains the lab/bare bench's config (labRun.tsx) on the real training
 *     worker, with no App mounted, playing and pausing as the lab/bare bench does (2.5 s phases, 1.5 s
 *     pauses), and returns every event the App would have received, in order.
 *   window.__drawReplay(events): mounts the App (live panels, as labRun.tsx does) on a stand-in LabApi
 *     and hands it those events one at a time, each once the last one's frame was painted. The driver
 *     reads the main thread's CPU time (CDP Performance metrics) around it.
 */
import { createRoot } from 'react-dom/client';
import type { LabApi, LabEvent } from '../../src/lab/labApi';
import { ConfigStore } from '../../src/lab/configStore';
import { App } from '../../src/ui/App';
import { createLabClient } from '../../src/worker/labClient';
import { benchConfig } from '../measure/engineThroughput';
import { wait } from './mountedLab';

/** What the page offers its driver (bench/drawCost.ts). */
export interface DrawCostWindow {
  __drawRecord?: (seconds: number, backend?: string) => Promise<LabEvent[]>;
  __drawReplay?: (events: LabEvent[]) => Promise<{ snapshots: number; ms: number; mutations: Record<string, number> }>;
}

const config = () => {
  const c = benchConfig('mlp', 64);
  c.dataset.trainSize = 10_000;
  return c;
};

/** Two frames and a task after them: the event's render (a transition) committed and was painted. */
const painted = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));

export function installDrawCost(): void {
  const page = window as unknown as DrawCostWindow;
  page.__drawRecord = async (seconds, backend = 'wasm') => {
    const api = createLabClient({ backend });
    const events: LabEvent[] = [];
    api.subscribe((event) => events.push(event));
    const store = new ConfigStore({ api, initialConfig: config() });
    store.open();
    while (!events.some((e) => e.type === 'snapshot')) await wait(50);
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      api.play();
      await wait(2500);
      api.pause();
      await wait(1500);
    }
    api.dispose();
    return events;
  };

  page.__drawReplay = async (events) => {
    const listeners = new Set<(event: LabEvent) => void>();
    const api: LabApi = {
      load: () => undefined,
      play: () => undefined,
      pause: () => undefined,
      step: () => undefined,
      reset: () => undefined,
      change: () => undefined,
      snap: () => undefined,
      rewind: () => undefined,
      setPace: () => undefined,
      skipTo: () => undefined,
      dispose: () => undefined,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const container = document.createElement('div');
    document.getElementById('root')?.append(container);
    const root = createRoot(container);
    root.render(<App store={new ConfigStore({ api, initialConfig: config() })} />);
    await painted();
    // The DOM changes the snapshots made, by panel, element and attribute (or child list, or text).
    const mutations: Record<string, number> = {};
    const where = (node: Node | null) => {
      const el = node instanceof Element ? node : node?.parentElement;
      const panel = el?.closest('[data-testid^="panel-"], aside, header, .metrics')?.getAttribute('data-testid') ?? el?.closest('aside, header, .metrics')?.tagName.toLowerCase() ?? 'other';
      return `${panel} ${el?.tagName.toLowerCase() ?? '?'}`;
    };
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const key = r.type === 'attributes' ? `${where(r.target)}.${r.attributeName ?? '?'}` : r.type === 'childList' ? `${where(r.target)} +${r.addedNodes.length}/-${r.removedNodes.length}` : `${where(r.target)} text`;
        mutations[key] = (mutations[key] ?? 0) + 1;
      }
    });
    observer.observe(container, { subtree: true, attributes: true, childList: true, characterData: true });
    const started = performance.now();
    let snapshots = 0;
    for (const event of events) {
      listeners.forEach((listener) => listener(event));
      if (event.type === 'snapshot') snapshots++;
      await painted();
    }
    const ms = performance.now() - started;
    observer.disconnect();
    root.unmount();
    container.remove();
    return { snapshots, ms, mutations };
  };
}
