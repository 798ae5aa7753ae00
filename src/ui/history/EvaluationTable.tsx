import type { EvalPoint } from '../../engine/training/snapshot';
import { formatCompact, formatPercent } from '../format';

/** A run's evaluations as numbers, oldest first: what a person compares between two runs. */
export function EvaluationTable({ history }: { history: EvalPoint[] }) {
  if (history.length === 0) return <p className="runs-empty">No evaluations yet.</p>;
  return (
    <div className="eval-table-wrap">
      <table className="eval-table" data-testid="eval-table">
        <thead>
          <tr>
            <th scope="col">step</th>
            <th scope="col">train loss</th>
            <th scope="col">test loss</th>
            <th scope="col">test acc.</th>
            <th scope="col">nonlinear</th>
            <th scope="col">APL</th>
          </tr>
        </thead>
        <tbody>
          {history.map((p) => (
            <tr key={p.step} data-testid="eval-row">
              <td>{p.step}</td>
              <td data-testid="eval-train-loss">{formatCompact(p.trainLoss, 5)}</td>
              <td data-testid="eval-test-loss">{formatCompact(p.testLoss, 5)}</td>
              <td>{p.testAccuracy === null ? '–' : formatPercent(p.testAccuracy, 1)}</td>
              <td>{formatPercent(p.fractionNonlinear, 0)}</td>
              <td>{formatCompact(p.aplNormalized, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
