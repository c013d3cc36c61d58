package dev.tokenlb.gateway;

import java.util.Properties;

import dev.tokenlb.gateway.config.GatewayConfig;
import dev.tokenlb.gateway.config.GatewaySetup;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad {@code tokenlb.ledger*} settings stop the gateway before anything starts, naming the setting. */
class LedgerSettingsTest {

    @Test
    void badLedgerSettingsStopTheStartNamingTheSetting() {
        assertEquals("tokenlb.ledger-ttl-ms must be at least 3 times tokenlb.ledger-sync-ms and "
                     + "tokenlb.ledger-timeout-ms (a renewal may be late), was 100",
                startWith("tokenlb.ledger-ttl-ms", "100"));
        assertTrue(startWith("tokenlb.ledger", "http://localhost:6379").startsWith("tokenlb.ledger must be "
                                                                               + "redis://HOST:PORT"));
        assertEquals("setting tokenlb.ledger-sync-ms must be a whole number, was 'often'",
                startWith("tokenlb.ledger-sync-ms", "often"));
        assertTrue(startWith("tokenlb.ledger-password-env", "TOKENLB_NO_SUCH_VARIABLE_SET")
                .startsWith("tokenlb.ledger-password-env: environment variable"));
    }

    private String startWith(String key, String value) {
        Properties p = new Properties();
        p.setProperty("tokenlb.ledger", "redis://127.0.0.1:6379");
        p.setProperty(key, value);
        return assertThrows(IllegalArgumentException.class,
                () -> GatewaySetup.install(new DefaultCamelContext(), GatewayConfig.load(p))).getMessage();
    }
}
