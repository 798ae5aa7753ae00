import { describe, expect, it } from 'vitest';
import { joinChunks, streamChunks } from './streamChunks';

function streamOf(chunks: number[][], onCancel: () => void = () => undefined): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(Uint8Array.from(chunks[i++]));
      else controller.close();
    },
    cancel: onCancel,
  });
}

describe('streamChunks', () => {
  it('yields every chunk in order', async () => {
    const seen: number[][] = [];
    for await (const chunk of streamChunks(streamOf([[1, 2], [3], [4, 5, 6]]))) seen.push([...chunk]);
    expect(seen).toEqual([[1, 2], [3], [4, 5, 6]]);
  });

  it('cancels the rest of the stream when the loop stops early', async () => {
    let cancelled = false;
    for await (const chunk of streamChunks(streamOf([[1], [2], [3]], () => (cancelled = true)))) {
      expect([...chunk]).toEqual([1]);
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('joinChunks', () => {
  it('joins chunks in order and counts their length itself', () => {
    expect([...joinChunks([Uint8Array.from([1, 2]), Uint8Array.from([3]), new Uint8Array(0), Uint8Array.from([4])])]).toEqual([1, 2, 3, 4]);
  });

  it('hands back a lone chunk as it is, and nothing as an empty array', () => {
    const only = Uint8Array.from([7, 8]);
    expect(joinChunks([only])).toBe(only);
    expect(joinChunks([])).toEqual(new Uint8Array(0));
  });
});
