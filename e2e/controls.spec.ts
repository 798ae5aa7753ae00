import { expect, test } from '@playwright/test';
import { waitForStepAtLeast } from './helpers';

test('every control is labelled and reachable with the keyboard', async ({ page }) => {
  await page.goto('/?v=1&data=xor&points=200&hidden=8&epochs=1000');
  await waitForStepAtLeast(page, 1);
  await page.getByTestId('play-button').click(); // pause, so no control changes state while we tab
  await expect(page.getByTestId('status-line')).toContainText('Paused');
  const controls = page.locator('input, select, button, textarea');
  const unlabelled = await controls.evaluateAll((els) =>
    els
      .filter((el) => el.checkVisibility({ visibilityProperty: true }))
      .filter((el) => {
        const e = el as HTMLInputElement;
        const byLabel = e.labels && Array.from(e.labels).some((l) => l.textContent?.trim());
        const byAria = el.getAttribute('aria-label')?.trim() || el.getAttribute('aria-labelledby');
        const byText = el.tagName === 'BUTTON' && el.textContent?.trim();
        return !(byLabel || byAria || byText);
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(unlabelled).toEqual([]);

  // Tab through the page. Each enabled, visible control takes focus, except that a radio group is one
  // tab stop (its options are chosen with the arrow keys, checked below).
  // A control is known by its test id, else its label or text: indices would shift as buttons enable and disable.
  const stops = await controls.evaluateAll((els) =>
    els
      // tabindex -1: the unselected tab, reached with the arrow keys (tabs pattern; accessibility.spec.ts).
      .filter((el) => el.checkVisibility({ visibilityProperty: true }) && !(el as HTMLButtonElement).disabled && el.getAttribute('tabindex') !== '-1')
      .map((el) =>
        el instanceof HTMLInputElement && el.type === 'radio'
          ? `radio:${el.name}`
          : el.getAttribute('data-testid') || el.id || el.getAttribute('aria-label') || el.textContent || el.outerHTML,
      ),
  );
  const expected = new Set(stops);
  const reached = new Set<string>();
  for (let i = 0; i < stops.length * 2 + 10; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || !el.matches('input, select, button, textarea')) return null;
      return el instanceof HTMLInputElement && el.type === 'radio'
        ? `radio:${el.name}`
        : el.getAttribute('data-testid') || el.id || el.getAttribute('aria-label') || el.textContent || el.outerHTML;
    });
    if (stop) reached.add(stop);
  }
  expect([...expected].filter((s) => !reached.has(s))).toEqual([]);

  await page.getByTestId('apl-variant-normalized').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('apl-variant-unnormalized')).toBeChecked();
});
