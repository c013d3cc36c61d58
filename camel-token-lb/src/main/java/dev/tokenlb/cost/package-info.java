/**
 * What a request will cost where: the learned output estimate, each backend's learned decode speed, and the
 * calibrated service times (time to first byte, seconds per token by batch). A part: imports only {@code count}.
 */
package dev.tokenlb.cost;
