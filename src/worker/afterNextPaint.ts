/**
 * Calls back once the page has painted a frame: requestAnimationFrame runs just before a frame's
 * style, layout and paint, and a task queued from there runs after them. A hidden tab paints no
 * frames, so the callback waits until the tab is shown again.
 */
export function afterNextPaint(callback: () => void): void {
  requestAnimationFrame(() => setTimeout(callback, 0));
}
