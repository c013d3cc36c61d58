package dev.tokenlb.balance;

import dev.tokenlb.ledger.Lease;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;

/**
 * Releases a successful attempt's lease when the exchange's unit of work is done, whether it completed or failed.
 * For a streamed reply written by the route itself this is after the last byte reached the client.
 */
final class ReleaseOnCompletion implements Synchronization {

    private final Lease lease;

    ReleaseOnCompletion(Lease lease) {
        this.lease = lease;
    }

    @Override
    public void onComplete(Exchange exchange) {
        lease.release();
    }

    @Override
    public void onFailure(Exchange exchange) {
        lease.release();
    }

    @Override
    public String toString() {
        return "ReleaseOnCompletion[" + lease + "]";
    }
}
