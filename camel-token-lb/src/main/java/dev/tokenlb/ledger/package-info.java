/**
 * In-flight accounting: the ledger of tokens and requests per target, the lease that releases exactly once,
 * admission and the queue bound. A part: imports only {@code pick}'s policy contract.
 */
package dev.tokenlb.ledger;
