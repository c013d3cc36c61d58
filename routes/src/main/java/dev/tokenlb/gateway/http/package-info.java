/**
 * The Vert.x side: the HTTP server, the guard in front of the routes (keys, load shedding, limits), client hang-ups and
 * the worker threads. May import dev.tokenlb.gateway.errors only.
 */
package dev.tokenlb.gateway.http;
