/**
 * The shared ledger on Redis: {@code RedisLedgerProvider} (found through {@code ServiceLoader}) opens a
 * {@code RedisSharedLedger} for {@code redis://} and {@code rediss://} URLs; its Lua scripts live beside this package
 * in the resources.
 */
package dev.tokenlb.redis;
