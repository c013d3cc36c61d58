/** Where a prompt's prefix is probably cached: chained block hashes of a prompt ({@link dev.tokenlb.prefix.PrefixHasher})
 * and a bounded per-backend index of the blocks this gateway sent there ({@link dev.tokenlb.prefix.PrefixIndex}). */
package dev.tokenlb.prefix;
