/**
 * jsdom has no canvas: getContext logs "not implemented" and returns undefined. Panels draw only when
 * a context exists, so tests stub it to return null quietly and test the pure drawing functions.
 */
export function stubCanvas(): void {
  Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', {
    configurable: true,
    value: () => null,
  });
}
