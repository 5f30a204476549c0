/**
 * What the websocket plugin (@fastify/websocket's `errorHandler`) does with an error on a socket.
 * Its default logs every one at error level and cuts the connection.
 */
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

/**
 * A frame the client got wrong — invalid UTF-8, over `maxPayload`, a bad opcode, mask or close code
 * (`ws`'s errors coded WS_ERR_…) — is the client's mistake, not the server's: `ws` has already
 * answered it with the close code that says what (1007 invalid data, 1009 too big, 1002 protocol
 * error) and ends the connection after the closing handshake, so it is logged at info with what was
 * wrong. Anything else (a handler that threw) is ours: logged as an error, the socket cut.
 */
export function onSocketError(error: Error & { code?: unknown }, socket: WebSocket, request: FastifyRequest) {
  if (typeof error.code === 'string' && error.code.startsWith('WS_ERR_')) {
    request.log.info({ code: error.code, reason: error.message }, 'websocket: bad frame from the client, closed');
    return;
  }
  request.log.error({ err: error }, 'websocket: failed');
  socket.terminate();
}
