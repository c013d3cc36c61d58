/**
 * Counting: the OpenAI request shapes, the JSON reading of a body, tokens with jtokkit, the count cache. A part:
 * imports nothing of the project.
 */
package dev.tokenlb.count;
