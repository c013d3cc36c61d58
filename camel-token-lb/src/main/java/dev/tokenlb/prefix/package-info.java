/** Where a prompt's prefix is probably cached: its chained block hashes ({@link dev.tokenlb.prefix.PrefixHasher})
 * and, per backend, a bounded index of the blocks this gateway sent there ({@link dev.tokenlb.prefix.PrefixIndex}). */
package dev.tokenlb.prefix;
