package dev.tokenlb.springboot;

/**
 * A {@code tokenlb.*} setting whose value the balancer or counter cannot use. Thrown while the application starts, so
 * it never serves with a setting it misread; {@link InvalidTokenLbSettingFailureAnalyzer} reports it naming the
 * setting, its value and what is allowed.
 * <p>
 * Immutable.
 */
public class InvalidTokenLbSettingException extends RuntimeException {

    private final String setting;
    private final transient Object value;
    private final String reason;

    /**
     * @param setting the full key, for example {@code tokenlb.strategy}
     * @param value   the value given
     * @param reason  what is wrong and what is allowed
     */
    public InvalidTokenLbSettingException(String setting, Object value, String reason) {
        super("Invalid setting " + setting + "=" + value + ": " + reason);
        this.setting = setting;
        this.value = value;
        this.reason = reason;
    }

    /** The full key, for example {@code tokenlb.strategy}. */
    public String getSetting() {
        return setting;
    }

    public Object getValue() {
        return value;
    }

    /** What is wrong and what is allowed. */
    public String getReason() {
        return reason;
    }
}
