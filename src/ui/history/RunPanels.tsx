import './runPanels.css';
import { useMemo } from 'react';
import { runPanelsView } from '../../lab/history/runPanelsView';
import type { RunRecord } from '../../lab/history/runRecord';
import { Panel } from '../Panel';
import { CoreNetworkPanel } from '../panels/CoreNetworkPanel';
import { CurvesPanel } from '../panels/CurvesPanel';
import { GatesPanel } from '../panels/GatesPanel';
import { PathLengthPanel } from '../panels/PathLengthPanel';

/** A kept run (trained here or imported) in the lab's panels, as it ended: gates, core network, path lengths, curves. */
export function RunPanels({ record, onClose }: { record: RunRecord; onClose: () => void }) {
  const { view, notes } = useMemo(() => runPanelsView(record), [record]);
  return (
    <div className="run-panels" data-testid="run-panels" role="region" aria-label={`Panels of ${record.name}`}>
      <header className="run-panels-head">
        <h3>
          {record.name} <span className="run-panels-step">at step {record.step.toLocaleString('en')}{record.backend ? ` · ${record.backend}` : ''}</span>
        </h3>
        <button type="button" className="btn small" data-testid="run-panels-close" onClick={onClose}>
          Close
        </button>
      </header>
      {notes.length > 0 && (
        <ul className="run-panels-notes" data-testid="run-panels-notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {view && (
        <div className="run-panels-grid">
          {view.core && (
            <Panel title="Core network" area="run-core" subtitle={`Effective depth ${view.core.effectiveDepth} · widths ${view.core.effectiveWidth.join(', ')}`}>
              <CoreNetworkPanel core={view.core} />
            </Panel>
          )}
          <Panel title="Gates" area="run-gates" subtitle="Slope a per channel and layer">
            <GatesPanel gates={view.gates} eps={view.eps} />
          </Panel>
          {view.apl && view.aplAllNonlinear && (
            <Panel title="Path lengths" area="run-pathlen" subtitle="Nonlinear channels met per path">
              <PathLengthPanel apl={view.apl} aplAllNonlinear={view.aplAllNonlinear} />
            </Panel>
          )}
          <Panel title="Training curves" area="run-curves" subtitle="Against training step">
            <CurvesPanel history={view.history} priorStartStep={view.priorStartStep} totalSteps={view.totalSteps} />
          </Panel>
        </div>
      )}
    </div>
  );
}
