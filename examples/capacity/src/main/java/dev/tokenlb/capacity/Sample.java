package dev.tokenlb.capacity;

import java.util.Locale;

/** One look at the gateway during the ramp. */
record Sample(double seconds, int opened, int clientOpen, int errors, double gatewayInflight, double ledgerRequests,
              double ledgerTokens, double heapUsedMb, double rssMb, double threads, double ttfcP50, double ttfcP99,
              double ttfcMax) {

    static final String HEADER = "    t  opened  open(client)  errors  gw-inflight  ledger-req  ledger-tokens  heap-MB"
                                 + "  rss-MB  threads  first-chunk p50/p99/max ms (new streams)";

    String row() {
        return String.format(Locale.ROOT, "%5.0f  %6d  %12d  %6d  %11.0f  %10.0f  %13.0f  %7.0f  %6.0f  %7.0f  %6.1f / %6.1f / %6.1f",
                seconds, opened, clientOpen, errors, gatewayInflight, ledgerRequests, ledgerTokens, heapUsedMb, rssMb,
                threads, ttfcP50, ttfcP99, ttfcMax);
    }

    String csv() {
        return String.format(Locale.ROOT, "%.1f,%d,%d,%d,%.0f,%.0f,%.0f,%.1f,%.1f,%.0f,%.2f,%.2f,%.2f", seconds, opened,
                clientOpen, errors, gatewayInflight, ledgerRequests, ledgerTokens, heapUsedMb, rssMb, threads, ttfcP50,
                ttfcP99, ttfcMax);
    }

    static String csvHeader() {
        return "seconds,opened,client_open,errors,gateway_inflight,ledger_requests,ledger_tokens,heap_used_mb,rss_mb,"
               + "threads,first_chunk_p50_ms,first_chunk_p99_ms,first_chunk_max_ms";
    }
}
