package dev.tokenlb.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import dev.tokenlb.gateway.config.GatewayConfig;
import dev.tokenlb.gateway.config.GatewaySetup;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tenants file the gateway cannot use stops it at start, with the setting and the line named. */
class BadTenantsFileTest {

    private static String startFailure(String tenantsPath) throws Exception {
        Properties p = new Properties();
        p.setProperty("tokenlb.port", "0");
        p.setProperty("tokenlb.backends", "http://127.0.0.1:1");
        p.setProperty("tokenlb.tenants", tenantsPath);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            return assertThrows(IllegalArgumentException.class,
                    () -> GatewaySetup.install(context, GatewayConfig.load(p))).getMessage();
        }
    }

    @Test
    void aNegativeLimitNamesTheSettingAndTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tenants.yaml");
        Files.writeString(file, "tenants:\n  - name: a\n    key: k\n    tokens-per-minute: -1\n");
        String message = startFailure(file.toString());
        assertTrue(message.startsWith("tokenlb.tenants (" + file + ") line 4: 'tokens-per-minute'"), message);
    }

    @Test
    void aMissingFileNamesTheSetting(@TempDir Path dir) throws Exception {
        String message = startFailure(dir.resolve("nope.yaml").toString());
        assertTrue(message.startsWith("tokenlb.tenants: cannot read"), message);
    }
}
