package dev.tokenlb.ledger;

/**
 * Which targets may take new work right now, consulted by {@link TokenLedger#reserve} under its pick lock: a target
 * not admitted is excluded for every pick policy. Used for health (ejected backends get nothing).
 * <p>
 * Implementations must be thread-safe and cheap: {@link #admits} is called once per target per pick.
 */
public interface Admission {

    /** Admits every target, always. */
    Admission ALL = new Admission() {
        @Override
        public boolean admits(int index) {
            return true;
        }

        @Override
        public void admitted(int index) {
        }
    };

    /** @return true if the target may be picked now */
    boolean admits(int index);

    /**
     * The target was picked and reserved (still under the pick lock), for an admission that lets a limited number of
     * requests through, such as the single trial request to a backend coming back from ejection.
     */
    void admitted(int index);
}
