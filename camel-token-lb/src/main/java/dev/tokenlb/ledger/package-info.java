/**
 * In-flight accounting: the ledger of tokens and requests per target, the lease that releases exactly once,
 * admission and the queue bound. A part: imports only the policy contract of {@code pick} ({@code PickPolicy},
 * {@code PickRequest}).
 */
package dev.tokenlb.ledger;
