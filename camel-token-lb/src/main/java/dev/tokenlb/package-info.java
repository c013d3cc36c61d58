/**
 * What a route names: the {@code loadBalance} bean, the counting processor, the exchange property names and the
 * public exceptions. Wiring: it may import every package below; only {@code balance} imports back, and only the
 * constants and exceptions.
 */
package dev.tokenlb;
