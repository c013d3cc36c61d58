package dev.tokenlb.health;

/** Where a backend stands in passive health checking. */
public enum HealthState {
    /** Takes requests. */
    HEALTHY,
    /** Failed too often (or asked for a pause with {@code Retry-After}): takes nothing until its cool-down is over. */
    EJECTED,
    /** Cool-down over: one trial request is on its way; its outcome readmits or ejects the backend again. */
    PROBING;

    /** Lower-case name for status pages and metrics. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
