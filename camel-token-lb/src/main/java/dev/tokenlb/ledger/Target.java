package dev.tokenlb.ledger;

import java.util.Objects;

/**
 * One place requests can be sent to: a Camel output of the load balancer, or a backend base URL.
 * Immutable and thread-safe.
 *
 * @param name   short name, shown in status and response headers; never a secret
 * @param url    base URL of the backend, or {@code null} when the target is a Camel output
 * @param weight relative capacity, greater than 0: a target of weight 2 is given twice the in-flight tokens
 * @param keyEnv name of the environment variable holding the API key to send to this backend (as
 *               {@code Authorization: Bearer}), or {@code null} to pass the client's on; the name only, never the key
 */
public record Target(String name, String url, double weight, String keyEnv) {

    public Target {
        Objects.requireNonNull(name, "name");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight of target '" + name + "' must be a finite number > 0, was " + weight);
        }
    }

    public Target(String name, String url, double weight) {
        this(name, url, weight, null);
    }
}
