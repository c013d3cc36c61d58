package dev.tokenlb;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.tokenlb.tenant.Permit;
import dev.tokenlb.tenant.TenantLimiter;
import dev.tokenlb.tenant.TenantUsage;
import dev.tokenlb.tenant.Tenants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Enforces per-key limits (requests and tokens per minute, tokens per day) read from a tenants file, in any route:
 * <pre>
 * - process: {ref: tokenCounter}      # TokenCountingProcessor: sets the request's cost
 * - process: {ref: tenantLimits}      # this: admits or throws RateLimitExceededException
 * - loadBalance: {customLoadBalancer: {ref: tokenLb}, ...}
 * </pre>
 * The key is the {@code Authorization: Bearer} header's (or the exchange property {@link TokenLbConstants#API_KEY}).
 * A request is charged its cost ({@link TokenLbConstants#COST}: prompt plus expected output) when admitted, before
 * the balancer reserves anything; a refused one throws {@link RateLimitExceededException} and is charged nothing.
 * When the exchange is done the charge is corrected to the prompt plus the reply's real output
 * ({@link TokenLbConstants#OUTPUT_TOKENS}); a failed exchange, or an error reply, without output gives its tokens
 * back. A key no tenant holds throws {@link InvalidApiKeyException}, unless {@code allowUnknownKeys} (then it passes
 * without limits: the gateway's {@code tokenlb.api-keys}).
 * <p>
 * The file is read when the processor starts (a bad file fails the start, naming {@code setting} and the line) and
 * re-read when it changes, checked every {@code reloadMillis} on a thread of its own.
 * <p>
 * Thread-safe.
 */
public class TenantLimitProcessor extends ServiceSupport implements Processor {

    private String tenantsPath;
    private String setting = "tenantsPath";
    private long reloadMillis = 1000;
    private boolean allowUnknownKeys;
    private Clock clock = Clock.systemUTC();
    private volatile Tenants tenants;
    private ScheduledExecutorService reloader;

    public void setTenantsPath(String tenantsPath) {
        this.tenantsPath = tenantsPath;
    }

    public String getTenantsPath() {
        return tenantsPath;
    }

    /** What to call the path in error messages (the gateway: {@code tokenlb.tenants}). */
    public void setSetting(String setting) {
        this.setting = setting;
    }

    /** How often the file's modification time is checked; 0: never re-read. */
    public void setReloadMillis(long reloadMillis) {
        this.reloadMillis = reloadMillis;
    }

    public void setAllowUnknownKeys(boolean allowUnknownKeys) {
        this.allowUnknownKeys = allowUnknownKeys;
    }

    /** For tests: the clock the limits' windows run on. */
    public void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected void doStart() {
        if (tenantsPath == null || tenantsPath.isBlank()) {
            throw new IllegalArgumentException(setting + " must name a tenants file");
        }
        if (reloadMillis < 0) {
            throw new IllegalArgumentException("reloadMillis must be >= 0, was " + reloadMillis);
        }
        tenants = Tenants.load(Path.of(tenantsPath.trim()), setting, clock, System::getenv);
        if (reloadMillis > 0) {
            reloader = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tokenlb-tenants-reload");
                t.setDaemon(true);
                return t;
            });
            reloader.scheduleWithFixedDelay(tenants::reloadIfChanged, reloadMillis, reloadMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() {
        if (reloader != null) {
            reloader.shutdownNow();
            reloader = null;
        }
    }

    /** True when a tenant holds this key (read by guards that check keys before the route). */
    public boolean knows(String key) {
        Tenants t = tenants;
        return t != null && t.knows(key);
    }

    /** Every tenant's limits and use now; empty before start. */
    public List<TenantUsage> usage() {
        Tenants t = tenants;
        return t == null ? List.of() : t.usage();
    }

    /** Re-reads the file now if it changed (the timer does the same). */
    public boolean reloadIfChanged() {
        return tenants.reloadIfChanged();
    }

    @Override
    public void process(Exchange exchange) {
        if (tenants == null) {
            start(); // used as a plain Processor, never started as a service
        }
        String key = exchange.getProperty(TokenLbConstants.API_KEY, String.class);
        if (key == null) {
            key = bearer(exchange.getMessage().getHeader("Authorization", String.class));
        }
        TenantLimiter limiter = tenants.find(key);
        if (limiter == null) {
            if (allowUnknownKeys) {
                return;
            }
            throw new InvalidApiKeyException();
        }
        Long cost = exchange.getProperty(TokenLbConstants.COST, Long.class);
        Permit permit = limiter.acquire(cost == null ? 0 : cost);
        exchange.setProperty(TokenLbConstants.TENANT, permit.tenant());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                settle(done, permit);
            }
        });
    }

    private static void settle(Exchange exchange, Permit permit) {
        Long output = exchange.getProperty(TokenLbConstants.OUTPUT_TOKENS, Long.class);
        if (output != null) {
            Long prompt = exchange.getProperty(TokenLbConstants.PROMPT_TOKENS, Long.class);
            permit.settle((prompt == null ? 0 : prompt) + output);
            return;
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (exchange.isFailed() || exchange.getProperty(Exchange.EXCEPTION_CAUGHT) != null
            || (status != null && status >= 400)) {
            permit.refundTokens(); // nothing was generated
        } else {
            permit.settle(permit.charged()); // a reply without usage: the estimate stands
        }
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
