/** A web stream's chunks as an async iterable; leaving the loop early cancels the rest of the stream. */
export async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** The chunks joined into one array of `length` bytes (the first chunk itself when it is the only one). */
export function joinChunks(chunks: readonly Uint8Array[], length = chunks.reduce((sum, c) => sum + c.length, 0)): Uint8Array {
  if (chunks.length === 1 && chunks[0].length === length) return chunks[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
