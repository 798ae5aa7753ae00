import { memo } from 'react';
import type { Snapshot } from '../engine/training/snapshot';
import { formatCompact, formatInteger, formatPercent, formatSci } from './format';

/** The headline numbers, big enough to read from the back of a room. */
export const Metrics = memo(function Metrics({ snapshot }: { snapshot: Snapshot | null }) {
  const lastTest = snapshot ? [...snapshot.history].reverse().find((p) => p.testAccuracy !== null) : undefined;
  const last = snapshot?.history.at(-1);
  // Loss and accuracy come from the last evaluation (as in the curves); the gates' figures are live.
  const evalAt = (p: { step: number } | undefined) => (p ? `eval at step ${formatInteger(p.step)}` : '');
  const now = snapshot ? `now, step ${formatInteger(snapshot.step)}` : '';
  return (
    <div className="metrics" aria-label="Headline numbers">
      <Metric
        label="Test accuracy"
        testId="test-accuracy"
        value={lastTest?.testAccuracy != null ? formatPercent(lastTest.testAccuracy, 1) : '–'}
        sub={lastTest ? `${evalAt(lastTest)} · train ${formatPercent(lastTest.trainAccuracy, 1)} (mean since the eval before)` : ''}
      />
      <Metric
        label="Train loss"
        testId="train-loss"
        value={last ? formatCompact(last.trainLoss, 3) : '–'}
        sub={last ? `${evalAt(last)}${last.testLoss != null ? ` · test ${formatCompact(last.testLoss, 3)}` : ''}` : 'cross-entropy'}
      />
      <Metric
        label="Fraction nonlinear"
        testId="fraction-nonlinear"
        value={snapshot ? formatPercent(snapshot.fractionNonlinear, 1) : '–'}
        sub={snapshot ? `${now} · channels with a < 1 − ε` : 'channels with a < 1 − ε'}
        accent
      />
      <Metric
        label="APL (normalized)"
        testId="apl-value"
        value={snapshot ? formatCompact(snapshot.apl.normalized.apl) : '–'}
        sub={snapshot ? `${now} · unnormalized ${formatCompact(snapshot.apl.unnormalized.apl)}` : ''}
        accent
      />
      <Metric
        label="Effective depth"
        testId="effective-depth"
        value={snapshot ? String(snapshot.core.effectiveDepth) : '–'}
        sub={snapshot ? `${now} · of ${snapshot.core.layers.length} gated layers` : ''}
      />
      <Metric
        label="λ in force"
        testId="lambda-in-force"
        value={snapshot ? (snapshot.priorActive && snapshot.lambda > 0 ? formatSci(snapshot.lambda) : 'off') : '–'}
        sub={
          snapshot
            ? snapshot.priorActive
              ? `prior on since step ${formatInteger(snapshot.priorOnStep ?? snapshot.priorStartStep)}`
              : `prior from step ${formatInteger(snapshot.priorStartStep)}`
            : ''
        }
      />
      <Metric
        label="Speed"
        testId="speed"
        value={snapshot?.running ? `${Math.round(snapshot.examplesPerSecond)}` : '–'}
        sub={snapshot?.running ? 'examples / s' : 'not training'}
      />
    </div>
  );
});

function Metric({ label, value, sub, testId, accent }: { label: string; value: string; sub: string; testId: string; accent?: boolean }) {
  return (
    <div className={accent ? 'metric accent' : 'metric'} title={sub ? `${label}: ${sub}` : label}>
      <div className="metric-label">{label}</div>
      <div className="metric-value" data-testid={testId}>
        {value}
      </div>
      <div className="metric-sub">{sub}</div>
    </div>
  );
}
