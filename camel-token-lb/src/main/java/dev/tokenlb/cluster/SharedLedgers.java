package dev.tokenlb.cluster;

import java.util.List;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;

import dev.tokenlb.ledger.Target;

/** Finds the {@link SharedLedger} for a ledger URL among the providers on the class path. */
public final class SharedLedgers {

    private SharedLedgers() {
    }

    /**
     * @param  environment              where {@link LedgerSettings#passwordEnv()} is looked up
     * @throws IllegalArgumentException naming the setting, when no provider takes the URL or the password variable
     *                                  is not set
     */
    public static SharedLedger open(LedgerSettings settings, List<Target> targets, UnaryOperator<String> environment) {
        String password = null;
        if (settings.passwordEnv() != null && !settings.passwordEnv().isBlank()) {
            password = environment.apply(settings.passwordEnv().trim());
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("ledgerPasswordEnv: environment variable "
                                                   + settings.passwordEnv().trim() + " is not set");
            }
        }
        for (SharedLedgerProvider provider : ServiceLoader.load(SharedLedgerProvider.class,
                SharedLedgers.class.getClassLoader())) {
            if (provider.accepts(settings.scheme())) {
                return provider.open(settings, targets, password);
            }
        }
        throw new IllegalArgumentException("ledger '" + settings.url() + "': no shared ledger for " + settings.scheme()
                                           + ":// on the class path (add dev.tokenlb:camel-token-lb-redis)");
    }
}
