/** The browser's long-task records (main thread, > 50 ms), kept from page start. */
export interface LongTaskRecorder {
  entries: { start: number; duration: number }[];
}

export function recordLongTasks(): LongTaskRecorder {
  const recorder: LongTaskRecorder = { entries: [] };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) recorder.entries.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task support: nothing recorded.
  }
  return recorder;
}

export function longTasksBetween(recorder: LongTaskRecorder, from: number, to: number): { count: number; totalMs: number; longestMs: number; seconds: number } {
  const inside = recorder.entries.filter((e) => e.start >= from && e.start < to);
  return {
    count: inside.length,
    totalMs: inside.reduce((sum, e) => sum + e.duration, 0),
    longestMs: inside.reduce((max, e) => Math.max(max, e.duration), 0),
    seconds: (to - from) / 1000,
  };
}
