import { MATCHED_APL_RULE, type MatchedApl } from '../../engine/experiments/matchedApl';
import { formatPercent } from '../format';
import { runColor } from '../runColors';

export interface ReadoutRun {
  label: string;
  finalAccuracy: number | null;
  finalApl: number | null;
}

/** The nonlinear advantage, honestly: each run's accuracy at the same APL, beside its end-of-training figures. */
export function MatchedAplReadout({ runs, match, finished }: { runs: ReadoutRun[]; match: MatchedApl | null; finished: boolean }) {
  return (
    <div className="matched-readout" data-testid="matched-apl">
      <table className="compare-table">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">End: accuracy</th>
            <th scope="col">End: APL</th>
            {match?.kind === 'matched' && <th scope="col">Best accuracy held at APL ≤ {match.apl.toFixed(2)}</th>}
          </tr>
        </thead>
        <tbody>
          {runs.map((run, i) => (
            <tr key={i}>
              <th scope="row">
                <span className="swatch" style={{ background: runColor(i) }} /> {run.label}
              </th>
              <td>{run.finalAccuracy === null ? '–' : formatPercent(run.finalAccuracy, 1)}</td>
              <td>{run.finalApl === null ? '–' : run.finalApl.toFixed(2)}</td>
              {match?.kind === 'matched' && (
                <td>
                  <span data-testid={`matched-accuracy-${i}`}>{formatPercent(match.readings[i].accuracy, 1)}</span>
                  <span className="muted">
                    {' '}
                    (step {match.readings[i].step}, APL {match.readings[i].apl.toFixed(2)})
                  </span>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="readout-text" data-testid="matched-apl-text">
        {describeMatch(match, runs, finished)}
      </p>
      {match && <p className="muted readout-rule" data-testid="matched-apl-rule">{MATCHED_APL_RULE}</p>}
    </div>
  );
}

function describeMatch(match: MatchedApl | null, runs: ReadoutRun[], finished: boolean): string {
  const provisional = finished ? '' : ' (so far; the runs are not finished)';
  if (!match) return 'Matched APL is shown for runs that differ only in when the prior starts.';
  switch (match.kind) {
    case 'no-data':
      return finished ? match.message : 'Waiting for evaluations from both runs…';
    case 'matched': {
      const [a, b] = match.readings;
      const gap = b && a ? b.accuracy - a.accuracy : 0;
      const how = `At APL ${match.apl.toFixed(2)} or below, held to the end`;
      const versus =
        runs.length === 2 && b
          ? `: ${runs[1].label} is ${formatPoints(gap)} than ${runs[0].label}.`
          : '.';
      return how + versus + provisional;
    }
  }
}

function formatPoints(gap: number): string {
  const points = Math.abs(gap * 100).toFixed(1);
  if (Math.abs(gap) < 0.0005) return 'level with (0.0 points)';
  return `${points} points ${gap > 0 ? 'more accurate' : 'less accurate'}`;
}
