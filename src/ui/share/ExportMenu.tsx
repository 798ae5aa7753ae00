import { useRef, useState } from 'react';
import { decodeConfig } from '../../engine/config/urlCodec';
import { downloadBlob, downloadText, fileSlug } from '../../lab/export/download';
import { panelToSvg, svgToPng } from '../../lab/export/panelImage';
import type { RunRecorder } from '../../lab/history/runRecorder';
import { exportRunCsv, exportRunJson } from '../history/RunsPanel';

/** Export the run in progress (JSON, CSV) and any panel on the page as a PNG or SVG picture. */
export function ExportMenu({ recorder }: { recorder: RunRecorder }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const [panels, setPanels] = useState<{ title: string; element: HTMLElement }[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const close = () => menu.current?.removeAttribute('open');
  const picture = async (element: HTMLElement, title: string, format: 'png' | 'svg') => {
    close();
    try {
      const pic = panelToSvg(element);
      const blob = format === 'svg' ? new Blob([pic.svg], { type: 'image/svg+xml' }) : await svgToPng(pic);
      downloadBlob(`nonlinear-lab-${fileSlug(title)}.${format}`, blob);
      setProblem(null);
    } catch (e) {
      setProblem(`The ${title} picture could not be made: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const exportRun = (format: 'json' | 'csv') => {
    close();
    const run = recorder.currentRun();
    if (!run || run.step === 0) {
      setProblem('Train at least one step before exporting the run.');
      return;
    }
    setProblem(null);
    void (format === 'json' ? exportRunJson : exportRunCsv)(recorder, run).then(
      (note) => setProblem(note),
      (e: unknown) => setProblem(`The export failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  };

  /** The experiment as a PyTorch script, or the lab's initial weights for its --init-from; the address bar holds the experiment. */
  const exportTorch = async (what: 'script' | 'init') => {
    close();
    const { config } = decodeConfig(window.location.search);
    const slug = fileSlug(config.name.trim() || `${config.dataset.kind}-${config.model.kind}`);
    try {
      // Loaded on demand: the script's Python text is not needed to run the lab.
      if (what === 'script') {
        const { torchScript } = await import('../../engine/export/torchScript');
        downloadText(`${slug}.py`, torchScript(config), 'text/x-python');
      } else {
        const { labInit } = await import('../../engine/export/labInit');
        downloadText(`${slug}-init.json`, JSON.stringify(labInit(config)), 'application/json');
      }
      setProblem(null);
    } catch (e) {
      setProblem(`The PyTorch export could not be made: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <div className="export-wrap">
    <details
      className="export-menu"
      ref={menu}
      onToggle={(e) => {
        if (!e.currentTarget.open) return;
        const sections = [...document.querySelectorAll<HTMLElement>('.panels > section.panel')];
        setPanels(sections.map((element) => ({ element, title: element.querySelector('h2')?.textContent ?? 'panel' })));
      }}
    >
      <summary className="btn" data-testid="export-menu">
        Export
      </summary>
      <div className="export-items" role="menu">
        <div className="export-group">This run</div>
        <button type="button" role="menuitem" className="btn small" data-testid="export-run-json" onClick={() => exportRun('json')}>
          Run JSON
        </button>
        <button type="button" role="menuitem" className="btn small" data-testid="export-run-csv" onClick={() => exportRun('csv')}>
          Metrics CSV
        </button>
        <div className="export-group">This experiment</div>
        <button
          type="button"
          role="menuitem"
          className="btn small"
          data-testid="export-torch-script"
          title="One Python file: train this experiment with PyTorch, in one process or with torchrun on many; it writes a run file for Import JSON"
          onClick={() => void exportTorch('script')}
        >
          PyTorch script
        </button>
        <button
          type="button"
          role="menuitem"
          className="btn small"
          data-testid="export-torch-init"
          title="The lab's initial weights of this experiment, for the script's --init-from"
          onClick={() => void exportTorch('init')}
        >
          Initial weights
        </button>
        <div className="export-group">Panels</div>
        {panels.map(({ title, element }) => (
          <div className="export-panel" key={title}>
            <span>{title}</span>
            <button type="button" role="menuitem" className="btn small" data-testid={`export-png-${fileSlug(title)}`} onClick={() => void picture(element, title, 'png')}>
              PNG
            </button>
            <button type="button" role="menuitem" className="btn small" data-testid={`export-svg-${fileSlug(title)}`} onClick={() => void picture(element, title, 'svg')}>
              SVG
            </button>
          </div>
        ))}
      </div>
    </details>
      {problem && (
        <div className="export-problem" role="alert" data-testid="export-problem">
          {problem}
          <button type="button" className="btn link" onClick={() => setProblem(null)}>
            dismiss
          </button>
        </div>
      )}
    </div>
  );
}
