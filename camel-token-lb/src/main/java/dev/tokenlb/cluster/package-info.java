/**
 * Several replicas of a balancer sharing one ledger: the {@code SharedLedger} contract, its settings and status, and
 * the {@code ServiceLoader} lookup of an implementation (such as camel-token-lb-redis). A part: imports {@code ledger}.
 */
package dev.tokenlb.cluster;
