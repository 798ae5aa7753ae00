/** The lab's own choices, stated where the numbers are shown (method.md: "The UI and README must say so"). */
export function About() {
  return (
    <footer className="about" data-testid="about">
      <h2>About these numbers</h2>
      <p>
        After Mehmeti-Göpel &amp; Disselhoff, <em>Nonlinear Advantage</em> (ICML 2023). The paper leaves some details
        open; these choices are the lab&apos;s own. <strong>Gates</strong> are channel-wise PReLU slopes
        g(x) = max(0, x) + a·min(0, x), one per unit (MLP) or feature map (CNN), starting at a = 0 (ReLU) and clipped
        to [0, 1] after every step; a channel counts as linear when a ≥ 1 − ε, and <em>snap</em> sets those to exactly
        1 and freezes them. <strong>The prior</strong> λ·(1/N)·Σ(1 − a) is applied as a proximal step after the task
        step, a ← min(1, a + lr·λ/N), so channels reach exactly 1. <strong>APL</strong> is the mean number of
        nonlinear channels met on a path from input to output: <em>unnormalized</em> weights every path equally;{' '}
        <em>normalized</em> draws a path walking back from the output, choosing each input channel with probability
        1/fan-in and each residual summand with 1/(number of summands). Effective depth counts gated layers that keep
        at least one nonlinear channel; effective width is their number per layer.
      </p>
    </footer>
  );
}
