/**
 * How we choose, apart from what load is: least load, least added latency, power of two choices, round robin,
 * random, least marginal delay, all reading a {@code LoadView}. A part: imports only {@code ledger}'s view.
 */
package dev.tokenlb.pick;
