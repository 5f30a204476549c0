import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from '../errors.ts';

/** How long a request body may take, for one class of routes. */
export type BodyBound = {
  /** The whole body, from the request's arrival. */
  deadlineMs: number;
  /** No byte at all for this long ends the request (a trickle of a byte a minute never gets far). */
  idleMs: number;
};

export type BodyBounds = { json: BodyBound; upload: BodyBound };

/** Photos and documents come as multipart forms: the only bodies that may be big, so slower. */
function boundOf(request: FastifyRequest, bounds: BodyBounds): BodyBound {
  return /^multipart\//i.test(request.headers['content-type'] ?? '') ? bounds.upload : bounds.json;
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Bound the time a request's body may take (issue 14): a client that declares a body and sends it
 * a byte every few seconds would otherwise hold its connection and its parser forever (Fastify
 * switches Node's requestTimeout off). Progress is read from the socket's byte count, so the body
 * stream is left to the parsers. When the bound passes, the answer is 408 problem+json if nothing
 * was sent yet, and the connection is closed either way.
 */
export function registerBodyDeadline(app: FastifyInstance, bounds: BodyBounds) {
  app.addHook('onRequest', (request, reply, done) => {
    if (hasBody(request)) watchBody(request, reply, boundOf(request, bounds), bounds.json);
    done();
  });
}

function watchBody(request: FastifyRequest, reply: FastifyReply, bodyBound: BodyBound, discardBound: BodyBound) {
  const socket = request.raw.socket;
  // app.inject's requests come over no network: no byte count, nothing to bound.
  if (typeof socket?.bytesRead !== 'number') return;
  let bound = bodyBound;
  let started = Date.now();
  let lastBytes = socket.bytesRead;
  let lastProgress = started;
  // Checked a few times per idle interval: the byte count moves without an event to listen to.
  const step = () => Math.max(20, Math.min(1000, Math.min(bound.idleMs, bound.deadlineMs) / 4));
  // Watched until the body is all in, even after an early answer: Node reads an unread body to its end
  // before the connection's next request, so a trickle after a 401 would hold it just the same.
  const check = () => {
    if (request.raw.complete || request.raw.readableEnded || socket.destroyed) return;
    const now = Date.now();
    // Answered before the body was read (a 401 to an upload): the rest is only read to be thrown
    // away, so it gets the short bound, from the answer on.
    if (bound !== discardBound && reply.raw.writableFinished) {
      bound = discardBound;
      started = now;
    }
    if (socket.bytesRead !== lastBytes) {
      lastBytes = socket.bytesRead;
      lastProgress = now;
    }
    const late = now - started >= bound.deadlineMs;
    if (late || now - lastProgress >= bound.idleMs) {
      giveUp(request, reply, late ? 'deadline' : 'idle', now - started);
      return;
    }
    setTimeout(check, step()).unref();
  };
  setTimeout(check, step()).unref();
}

function giveUp(request: FastifyRequest, reply: FastifyReply, why: 'deadline' | 'idle', elapsedMs: number) {
  const socket = request.raw.socket;
  request.log.info({ why, elapsedMs, bytesRead: socket.bytesRead }, 'request body too slow: connection closed');
  if (reply.sent || reply.raw.headersSent) {
    socket.destroy();
    return;
  }
  // The body parser still waits for the rest of the body; once this answer is out the socket is
  // closed. That fails the parser (or the handler reading the upload), which tries to answer again:
  // Fastify would log 'reply already sent' or 'Promise errored' for every slow client, so its
  // logger for this request is quietened once the answer is logged (the line above is the record);
  // the onResponse hooks that log 'request completed' run first.
  reply.raw.once('finish', () =>
    setImmediate(() => {
      reply.log = reply.log.child({}, { level: 'fatal' });
      socket.destroySoon();
    }),
  );
  reply.send(
    new HttpProblem(408, 'request-timeout', { id: 'request.body_timeout' }, { headers: { connection: 'close' } }),
  );
}
