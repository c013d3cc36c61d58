/**
 * OpenAI-style error replies, and the small contract of a client reply they share with the relay. The bottom room:
 * imports no other gateway package.
 */
package dev.tokenlb.gateway.errors;
