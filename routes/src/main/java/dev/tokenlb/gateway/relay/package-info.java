/**
 * One proxied exchange: prepare the request, the client connection and its deadlines, cancellable backend calls, and
 * the streamed relay of the reply (SSE framing, reply tokens). May import dev.tokenlb.gateway.http and .errors.
 */
package dev.tokenlb.gateway.relay;
