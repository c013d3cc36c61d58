/**
 * What a request will cost where: the learned output estimate and each backend's learned decode speed. A part:
 * imports only {@code count}.
 */
package dev.tokenlb.cost;
