/**
 * Whether a backend may take work: passive ejection with a half-open trial, Retry-After, active probes. A part:
 * imports only {@code ledger}.
 */
package dev.tokenlb.health;
