import type { IncomingMessage } from 'node:http';

/**
 * Waits until the client has sent the rest of a request body nobody read (a body refused for
 * its size, or before it was read: 401, 403, 429), reading and discarding it, at most `maxBytes`
 * of it and for at most `maxMs`. Answering first and closing the connection while the client
 * still writes makes the kernel reset it, and the client then sees EPIPE or ECONNRESET instead of
 * the answer; read to the end, the answer always arrives. Beyond the bounds the answer is sent
 * anyway (a client that sends that much has no claim to a graceful close).
 */
export const drainRequestBody = (
  raw: IncomingMessage,
  maxBytes: number,
  maxMs: number,
): Promise<void> =>
  new Promise((resolve) => {
    if (raw.complete || raw.readableEnded || raw.destroyed) {
      resolve();
      return;
    }
    const declared = Number(raw.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      resolve();
      return;
    }
    let received = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', finish);
      raw.off('close', finish);
      raw.off('error', finish);
      resolve();
    };
    const onData = (chunk: Buffer | string) => {
      received += chunk.length;
      if (received > maxBytes) finish();
    };
    const timer = setTimeout(finish, maxMs);
    raw.on('data', onData);
    raw.once('end', finish);
    raw.once('close', finish);
    raw.once('error', finish);
    raw.resume();
  });
