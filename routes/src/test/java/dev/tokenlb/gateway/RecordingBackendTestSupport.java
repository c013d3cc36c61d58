package dev.tokenlb.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.AfterEach;

/** A gateway test whose single backend is a {@link RecordingBackend} instead of the simulated cluster. */
abstract class RecordingBackendTestSupport extends GatewayTestSupport {

    protected RecordingBackend backend;

    /** Switches the backend's behaviour on before the gateway starts; nothing by default. */
    protected void configure(RecordingBackend backend) {
    }

    @Override
    protected String backends() {
        try {
            backend = new RecordingBackend();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        configure(backend);
        return backend.url();
    }

    @AfterEach
    void stopBackend() {
        if (backend != null) {
            backend.close();
        }
    }
}
