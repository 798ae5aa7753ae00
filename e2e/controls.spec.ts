import { expect, test } from '@playwright/test';
import { waitForStepAtLeast } from './helpers';

test('every control is labelled and reachable with the keyboard', async ({ page }) => {
  await page.goto('/?v=1&data=xor&points=200&hidden=8&epochs=50');
  await waitForStepAtLeast(page, 1);
  await page.getByTestId('play-button').click(); // pause, so no control changes state while we tab
  await expect(page.getByTestId('status-line')).toContainText('Paused');
  const controls = page.locator('input, select, button, textarea');
  const unlabelled = await controls.evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null)
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
  const stops = await controls.evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null && !(el as HTMLButtonElement).disabled)
      .map((el, i) => (el instanceof HTMLInputElement && el.type === 'radio' ? `radio:${el.name}` : `#${i}:${el.outerHTML.slice(0, 80)}`)),
  );
  const expected = new Set(stops);
  const reached = new Set<string>();
  for (let i = 0; i < stops.length * 2 + 10; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      const all = Array.from(document.querySelectorAll('input, select, button, textarea')).filter(
        (e) => (e as HTMLElement).offsetParent !== null && !(e as HTMLButtonElement).disabled,
      );
      if (!el || !all.includes(el)) return null;
      return el instanceof HTMLInputElement && el.type === 'radio' ? `radio:${el.name}` : `#${all.indexOf(el)}:${el.outerHTML.slice(0, 80)}`;
    });
    if (stop) reached.add(stop);
  }
  expect([...expected].filter((s) => !reached.has(s))).toEqual([]);

  await page.getByTestId('apl-variant-normalized').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('apl-variant-unnormalized')).toBeChecked();
});
