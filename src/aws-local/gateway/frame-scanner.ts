/**
 * Watches the WebSocket frames a client sends for one larger than API
 * Gateway's frame limit (32 KB; a larger message must come in several
 * frames). It reads only frame headers (RFC 6455 §5.2) and skips payloads,
 * across chunk boundaries. Pure.
 *
 * @example
 * const scanner = createFrameScanner(32 * 1024);
 * socket.on('data', (chunk) => { if (scanner.feed(chunk) === 'too-big') close(1009) });
 */
export function createFrameScanner(maxFrameBytes: number) {
  /** Header bytes gathered so far (at most 14). */
  let header: number[] = [];
  /** Payload (and mask key) bytes still to skip. */
  let skipping = 0;
  let tooBig = false;

  const headerLength = (bytes: readonly number[]): number | undefined => {
    if (bytes.length < 2) return undefined;
    const second = bytes[1] ?? 0;
    const lengthCode = second & 0x7f;
    const masked = (second & 0x80) !== 0;
    return 2 + (lengthCode === 126 ? 2 : lengthCode === 127 ? 8 : 0) + (masked ? 4 : 0);
  };
  const payloadLength = (bytes: readonly number[]): number => {
    const code = (bytes[1] ?? 0) & 0x7f;
    if (code < 126) return code;
    if (code === 126) return ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
    // 64-bit length: anything past 2^53 is too big anyway.
    let length = 0;
    for (let index = 2; index < 10; index++) length = length * 256 + (bytes[index] ?? 0);
    return length;
  };

  return {
    feed(chunk: Uint8Array): 'ok' | 'too-big' {
      let offset = 0;
      while (offset < chunk.length && !tooBig) {
        if (skipping > 0) {
          const skipped = Math.min(skipping, chunk.length - offset);
          skipping -= skipped;
          offset += skipped;
          continue;
        }
        header.push(chunk[offset] ?? 0);
        offset += 1;
        const needed = headerLength(header);
        if (needed === undefined || header.length < needed) continue;
        const payload = payloadLength(header);
        if (payload > maxFrameBytes) tooBig = true;
        skipping = payload;
        header = [];
      }
      return tooBig ? 'too-big' : 'ok';
    },
  };
}
