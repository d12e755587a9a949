/**
 * Byte sources: a file on disk, or a stream that can be read once (standard input).
 *
 * Opening is lazy: a missing or unreadable file surfaces when its stream is first read, as the
 * Node error (with `code` ENOENT, EACCES, EISDIR …) for the engine to turn into an exit-2 message.
 * A file counts as rereadable only when it is a regular file: a FIFO or `/dev/fd/N` (shell process
 * substitution) can be read once, so decoders must not pre-scan it.
 */
import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ByteSource } from './types.js';

/** 64 KiB reads: measured fastest for the CSV tokenizer (bigger chunks cost more in GC than they save). */
export const CHUNK_SIZE = 64 * 1024;

export function fileSource(path: string): ByteSource {
  let regular = true;
  try {
    regular = statSync(path).isFile();
  } catch {
    // Missing or unreadable: the error is raised, with its code, when the source is read.
  }
  return {
    name: path,
    rereadable: regular,
    open(): AsyncIterable<Uint8Array> {
      return regular ? readAhead(path) : createReadStream(path, { highWaterMark: CHUNK_SIZE });
    },
  };
}

/** Reads kept in flight ahead of the consumer, so disk reads overlap parsing. */
const READ_AHEAD = 4;

/**
 * Reads a regular file in CHUNK_SIZE pieces with READ_AHEAD positioned reads in flight. Measured
 * ~30% faster end to end than fs.createReadStream, which reads one chunk ahead only.
 */
async function* readAhead(path: string): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  const queue: Promise<Uint8Array>[] = [];
  let position = 0;
  const start = (): void => {
    const buf = Buffer.allocUnsafe(CHUNK_SIZE);
    const read = fh.read(buf, 0, CHUNK_SIZE, position).then((r) => buf.subarray(0, r.bytesRead));
    read.catch(() => undefined); // awaited below or when closing; never an unhandled rejection
    queue.push(read);
    position += CHUNK_SIZE;
  };
  try {
    for (let k = 0; k < READ_AHEAD; k++) start();
    for (;;) {
      const chunk = await queue.shift()!;
      if (chunk.length === 0) return;
      start();
      yield chunk;
    }
  } finally {
    await Promise.allSettled(queue);
    await fh.close();
  }
}

/** A source that can be opened once, e.g. `streamSource('<stdin>', process.stdin)`. */
export function streamSource(name: string, stream: AsyncIterable<Uint8Array>): ByteSource {
  let opened = false;
  return {
    name,
    rereadable: false,
    open(): AsyncIterable<Uint8Array> {
      if (opened) throw new Error(`${name} can be read only once`);
      opened = true;
      return stream;
    },
  };
}

/** A source over bytes in memory (tests, and inputs already read whole). */
export function bytesSource(name: string, bytes: Uint8Array, chunkSize = CHUNK_SIZE): ByteSource {
  return {
    name,
    rereadable: true,
    async *open(): AsyncIterable<Uint8Array> {
      for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
    },
  };
}
