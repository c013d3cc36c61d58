package dev.tokenlb.ledger;

/**
 * A reservation of tokens on one target, returned by {@link TokenLedger#reserve}. Release it exactly when the work it
 * stands for is over; {@link #release()} is idempotent, so every path may call it without counting twice. While the
 * work goes on, {@link #adjustRemaining} may lower (or raise) what the lease holds, so the ledger shows work left
 * rather than work started; a release gives back whatever the lease holds at that moment.
 * <p>
 * Thread-safe: the two mutators synchronize on the lease (one relay thread and one completion thread at most).
 */
public final class Lease {

    private final TokenLedger ledger;
    private final long id;
    private final int index;
    private final long tokens;
    private final long prompt;
    private long held; // guarded by this
    private boolean released; // guarded by this
    private boolean prefillDone; // guarded by this

    Lease(TokenLedger ledger, long id, int index, long tokens, long prompt) {
        this.ledger = ledger;
        this.id = id;
        this.index = index;
        this.tokens = tokens;
        this.prompt = prompt;
        this.held = tokens;
    }

    /** The reply has started: the prompt is no longer prefill work waiting on the target. Idempotent. */
    public synchronized void prefillDone() {
        if (!released && !prefillDone) {
            prefillDone = true;
            ledger.prefillDone(index, prompt);
        }
    }

    /** This lease's number, unique within its ledger: how a shared ledger knows it. */
    public long id() {
        return id;
    }

    /** Index of the reserved target in the ledger (and of the output, when targets are outputs). */
    public int index() {
        return index;
    }

    public Target target() {
        return ledger.target(index);
    }

    /** Tokens reserved when the lease was taken. */
    public long tokens() {
        return tokens;
    }

    /** Tokens the lease holds now on its target (0 once released). */
    public synchronized long held() {
        return released ? 0 : held;
    }

    public synchronized boolean isReleased() {
        return released;
    }

    /**
     * Sets the tokens this lease holds to {@code remaining} (work left), moving the target's in-flight count by the
     * difference. Ignored after release.
     */
    public synchronized void adjustRemaining(long remaining) {
        if (released) {
            return;
        }
        long next = Math.max(0, remaining);
        if (next != held) {
            ledger.addTokens(index, next - held);
            held = next;
            ledger.adjusted(this);
        }
    }

    /**
     * Gives the tokens held back to the target.
     *
     * @return true if this call released the lease, false if it had been released before
     */
    public synchronized boolean release() {
        if (released) {
            return false;
        }
        released = true;
        ledger.giveBack(index, held);
        if (!prefillDone) {
            prefillDone = true;
            ledger.prefillDone(index, prompt);
        }
        ledger.released(this);
        return true;
    }

    /** Takes back a lease that was never handed out (a shared pick settled elsewhere): no listener hears of it. */
    synchronized void discard() {
        if (released) {
            return;
        }
        released = true;
        ledger.takeBack(index, held, tokens);
        if (!prefillDone) {
            prefillDone = true;
            ledger.prefillDone(index, prompt);
        }
    }

    @Override
    public String toString() {
        return "Lease[" + target().name() + ", " + tokens + " tokens" + (isReleased() ? ", released]" : "]");
    }
}
