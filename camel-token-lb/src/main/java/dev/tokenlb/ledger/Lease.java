package dev.tokenlb.ledger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reservation of tokens on one target, returned by {@link TokenLedger#reserve}. Release it exactly when the work it
 * stands for is over; {@link #release()} is idempotent, so every path may call it without counting twice.
 * Thread-safe.
 */
public final class Lease {

    private final TokenLedger ledger;
    private final int index;
    private final long tokens;
    private final AtomicBoolean released = new AtomicBoolean();

    Lease(TokenLedger ledger, int index, long tokens) {
        this.ledger = ledger;
        this.index = index;
        this.tokens = tokens;
    }

    /** Index of the reserved target in the ledger (and of the output, when targets are outputs). */
    public int index() {
        return index;
    }

    public Target target() {
        return ledger.target(index);
    }

    /** Tokens this lease holds on its target. */
    public long tokens() {
        return tokens;
    }

    public boolean isReleased() {
        return released.get();
    }

    /**
     * Gives the tokens back to the target.
     *
     * @return true if this call released the lease, false if it had been released before
     */
    public boolean release() {
        if (released.compareAndSet(false, true)) {
            ledger.giveBack(index, tokens);
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "Lease[" + target().name() + ", " + tokens + " tokens" + (isReleased() ? ", released]" : "]");
    }
}
