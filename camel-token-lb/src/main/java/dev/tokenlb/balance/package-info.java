/**
 * One exchange's way through the balancer: pick and reserve, attempts and failover, lease release, outcomes, reply
 * progress, decision text, backend lists. Policy: imports the parts ({@code ledger}, {@code pick}, {@code cost},
 * {@code health}, {@code count}) and, of the root, only {@code TokenLbConstants} and the public exceptions.
 */
package dev.tokenlb.balance;
