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
        1 and freezes them. <strong>The prior</strong> λ·(1/N)·Σ(1 − a) is a term of the loss: its gradient, −λ/N on every
        slope, is applied by the run&apos;s optimizer together with the task&apos;s, so a channel turns linear when
        the prior&apos;s push outweighs what the task needs of it, and the clip makes a = 1 stick. The older
        <em> proximal</em> form, a ← min(1, a + lr·λ/N) after each step whatever the task needs, remains an option
        (links made before config v2 use it). <strong>APL</strong> is the mean number of
        nonlinear channels met on a path from input to output: <em>unnormalized</em> weights every path equally;{' '}
        <em>normalized</em> draws a path walking back from the output, choosing each input channel with probability
        1/fan-in and each residual summand with 1/(number of summands). Effective depth counts gated layers that keep
        at least one nonlinear channel; effective width is their number per layer.
      </p>
    </footer>
  );
}
