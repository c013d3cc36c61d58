package dev.tokenlb.bench;

import java.net.URI;

/**
 * Chooses where the load generator sends a request: to the gateway, or (for the {@code direct-*} contenders)
 * straight to a backend. {@link #done} is called once per picked request when its reply has ended or failed. Implementations are
 * called from the load driver's single event loop only, so they need no synchronization.
 */
interface Router {

    /** One HTTP endpoint; {@code index} is the backend's position (0 for the gateway). */
    record Target(String host, int port, int index) {
        static Target of(String baseUrl, int index) {
            URI uri = URI.create(baseUrl);
            return new Target(uri.getHost(), uri.getPort(), index);
        }
    }

    Target pick(BenchRequest request);

    void done(Target target);

    /** Everything to one endpoint (the gateway). */
    static Router fixed(Target target) {
        return new Router() {
            @Override
            public Target pick(BenchRequest request) {
                return target;
            }

            @Override
            public void done(Target t) {
            }
        };
    }
}
