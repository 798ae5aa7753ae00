/**
 * One turn of the event loop, so queued commands (pause, a λ change) get in between training slices.
 * Not setTimeout(0): nested timers are clamped to at least 4 ms, a tenth of a 40 ms slice lost to
 * waiting. A message to ourselves goes through the task queue without that clamp.
 */
export function createEventLoopYield(): () => Promise<void> {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  // Node (tests) would otherwise keep the process alive for the open port.
  (channel.port1 as unknown as { unref?: () => void }).unref?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
}
