import type { BudgetSummary } from '../../engine/config/budgetSummary';

/** What the config costs against the lab's budget, under the architecture controls. */
export function BudgetEstimate({ summary }: { summary: BudgetSummary }) {
  const over = summary.over.length > 0;
  const share = Math.min(1, summary.largestShare);
  return (
    <div className={`budget${over ? ' over' : ''}`} data-testid="budget-estimate" aria-live="polite">
      <div className="budget-head">
        <span className="label">Cost</span>
        <span className="budget-meter" role="meter" aria-label="Share of the lab's budget" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)}>
          <span style={{ width: `${Math.max(2, share * 100)}%` }} />
        </span>
      </div>
      <div className="budget-figures">
        {summary.parameters} · {summary.memory}
        {summary.stepTime && <> · {summary.stepTime}</>}
      </div>
      {summary.refusal && (
        <div className="budget-refusal" role="alert">
          Not started: {summary.refusal}
        </div>
      )}
    </div>
  );
}
