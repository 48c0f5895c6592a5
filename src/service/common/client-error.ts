import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { codeForStatus, type ErrorResponseBody } from './app-error.filter.js';

interface ConnectionErrorLike {
  code?: string;
}

/**
 * What the server answers when a request cannot even be parsed (headers over the limit, a
 * timeout, bytes that are not HTTP): the API's one error shape (SPEC §3.6), written on the
 * socket as Fastify's default handler does. The request's own headers are unreadable here, so
 * the message is English; `code` is what clients branch on.
 */
export function clientErrorHandler(error: ConnectionErrorLike, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : 400;
  const body: ErrorResponseBody =
    status === 431
      ? {
          statusCode: 431,
          code: codeForStatus(431),
          message: 'the request headers are larger than the server accepts',
        }
      : status === 408
        ? {
            statusCode: 408,
            code: codeForStatus(408),
            message: 'the request was not received in time',
          }
        : {
            statusCode: 400,
            code: 'VALIDATION_FAILED',
            message: 'the request is not valid HTTP',
            details: {
              errors: [
                { path: 'request', constraint: 'isHttp', message: 'the request is not valid HTTP' },
              ],
            },
          };
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n' +
        text,
    );
  }
  socket.destroy();
}
