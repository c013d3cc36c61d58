package dev.tokenlb.prefix;

/**
 * One backend's {@link PrefixIndex} figures at one moment.
 *
 * @param entries   block hashes held now
 * @param capacity  block hashes held at most
 * @param lookups   {@link PrefixIndex#matchedBlocks} calls on this backend
 * @param hits      lookups that matched at least one block
 * @param evictions blocks pushed out to make room
 */
public record PrefixStats(int entries, int capacity, long lookups, long hits, long evictions) {
}
