package dev.tokenlb.sim;

import java.util.Objects;

/**
 * Settings of one simulated backend: where it listens, what it calls its model, and its latency model. Defaults (all
 * times in simulated milliseconds, before {@code speed} and {@code timeScale}):
 * <ul>
 *   <li>{@code host} 127.0.0.1, {@code port} 0 (ephemeral), {@code modelId} "sim-model", {@code name} null
 *       ("sim-PORT")</li>
 *   <li>{@code maxRunningSequences} 32, {@code maxKvTokens} 64,000, {@code maxPrefillTokensPerStep} 8,192</li>
 *   <li>{@code prefillTokensPerSecond} 20,000, {@code decodeStepBaseMillis} 15, {@code decodeStepPerSequenceMillis}
 *       0.5, {@code decodeStepPerThousandKvTokensMillis} 0.05</li>
 *   <li>{@code speed} 1.0 (2.0 = twice as fast), {@code timeScale} 1.0 (0.1 = every duration ten times shorter)</li>
 *   <li>{@code outputLengths} {@link OutputLengthModel#defaults()}, {@code embeddingDimensions} 8</li>
 *   <li>{@code socketSendBufferBytes} 0 (the OS default, auto-tuned)</li>
 *   <li>{@code prefixBlockTokens} 16 and {@code prefixCacheBlocks} half the KV budget in blocks (2,000 blocks =
 *       32,000 tokens with the defaults; 0 = prefix caching off): vLLM has automatic prefix caching on by default
 *       since v1, and caches in whatever KV its running sequences leave free</li>
 *   <li>{@code metricsEnabled} true: {@code GET /metrics} answers in vLLM's Prometheus format (false: 404)</li>
 * </ul>
 * Immutable, thread-safe; build with {@link #builder()} or derive with {@link #toBuilder()}.
 */
public final class SimulatorConfig {

    private final String host;
    private final int port;
    private final String modelId;
    private final String name;
    private final int maxRunningSequences;
    private final int maxKvTokens;
    private final int maxPrefillTokensPerStep;
    private final double prefillTokensPerSecond;
    private final double decodeStepBaseMillis;
    private final double decodeStepPerSequenceMillis;
    private final double decodeStepPerThousandKvTokensMillis;
    private final double speed;
    private final double timeScale;
    private final OutputLengthModel outputLengths;
    private final int embeddingDimensions;
    private final int socketSendBufferBytes;
    private final int prefixBlockTokens;
    private final int prefixCacheBlocks;
    private final boolean metricsEnabled;
    private final String models;

    private SimulatorConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.modelId = b.modelId;
        this.name = b.name;
        this.maxRunningSequences = b.maxRunningSequences;
        this.maxKvTokens = b.maxKvTokens;
        this.maxPrefillTokensPerStep = b.maxPrefillTokensPerStep;
        this.prefillTokensPerSecond = b.prefillTokensPerSecond;
        this.decodeStepBaseMillis = b.decodeStepBaseMillis;
        this.decodeStepPerSequenceMillis = b.decodeStepPerSequenceMillis;
        this.decodeStepPerThousandKvTokensMillis = b.decodeStepPerThousandKvTokensMillis;
        this.speed = b.speed;
        this.timeScale = b.timeScale;
        this.outputLengths = b.outputLengths;
        this.embeddingDimensions = b.embeddingDimensions;
        this.socketSendBufferBytes = b.socketSendBufferBytes;
        this.prefixBlockTokens = b.prefixBlockTokens;
        this.prefixCacheBlocks = b.prefixCacheBlocks == Builder.AUTO
                ? b.maxKvTokens / b.prefixBlockTokens / 2 : b.prefixCacheBlocks;
        this.metricsEnabled = b.metricsEnabled;
        this.models = b.models;
    }

    public static SimulatorConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .host(host).port(port).modelId(modelId).name(name)
                .maxRunningSequences(maxRunningSequences).maxKvTokens(maxKvTokens)
                .maxPrefillTokensPerStep(maxPrefillTokensPerStep).prefillTokensPerSecond(prefillTokensPerSecond)
                .decodeStepBaseMillis(decodeStepBaseMillis).decodeStepPerSequenceMillis(decodeStepPerSequenceMillis)
                .decodeStepPerThousandKvTokensMillis(decodeStepPerThousandKvTokensMillis)
                .speed(speed).timeScale(timeScale).outputLengths(outputLengths)
                .embeddingDimensions(embeddingDimensions)
                .socketSendBufferBytes(socketSendBufferBytes)
                .prefixBlockTokens(prefixBlockTokens).prefixCacheBlocks(prefixCacheBlocks)
                .metricsEnabled(metricsEnabled).models(models);
    }

    public String host() {
        return host;
    }

    /** The port to bind; 0 = an ephemeral one (see {@link SimulatedLlmServer#port()} for the bound one). */
    public int port() {
        return port;
    }

    /** The model id listed by {@code /v1/models} and echoed when a request names no model. */
    public String modelId() {
        return modelId;
    }

    /** A label for logs and the {@code x-sim-backend} response header; null = "sim-PORT". */
    public String name() {
        return name;
    }

    /** Sequences decoded together in one step; more wait in the FIFO queue. */
    public int maxRunningSequences() {
        return maxRunningSequences;
    }

    /** KV-cache budget: prompt plus output tokens of all running sequences (reserved at admission) fit in it. */
    public int maxKvTokens() {
        return maxKvTokens;
    }

    /** Prompt tokens admitted for prefill in one step (vLLM's max_num_batched_tokens); one request always fits. */
    public int maxPrefillTokensPerStep() {
        return maxPrefillTokensPerStep;
    }

    public double prefillTokensPerSecond() {
        return prefillTokensPerSecond;
    }

    public double decodeStepBaseMillis() {
        return decodeStepBaseMillis;
    }

    public double decodeStepPerSequenceMillis() {
        return decodeStepPerSequenceMillis;
    }

    public double decodeStepPerThousandKvTokensMillis() {
        return decodeStepPerThousandKvTokensMillis;
    }

    /** Throughput factor of this backend's "GPU": real durations are divided by it. Changeable at runtime. */
    public double speed() {
        return speed;
    }

    /** Multiplies every simulated duration (not the fault-injection delays, which are literal milliseconds). */
    public double timeScale() {
        return timeScale;
    }

    public OutputLengthModel outputLengths() {
        return outputLengths;
    }

    public int embeddingDimensions() {
        return embeddingDimensions;
    }

    /**
     * SO_SNDBUF of each connection; 0 = the OS default. A small value (a few KiB) makes a slow reader's backpressure
     * reach the server after tens of KiB instead of megabytes.
     */
    public int socketSendBufferBytes() {
        return socketSendBufferBytes;
    }

    /** Tokens per prefix-cache block (vLLM's {@code --block-size}); only full blocks are cached. */
    public int prefixBlockTokens() {
        return prefixBlockTokens;
    }

    /** Blocks the prefix cache holds at most; 0 = prefix caching off. */
    public int prefixCacheBlocks() {
        return prefixCacheBlocks;
    }

    /** Whether {@code GET /metrics} answers (else 404, as a backend without metrics). Changeable at runtime. */
    public boolean metricsEnabled() {
        return metricsEnabled;
    }

    /**
     * The models served, such as {@code llama-3-70b,sql-lora@llama-3-70b} (an adapter as {@code id@parent}): listed
     * by {@code /v1/models}, a request for another gets 404. Null (default): {@link #modelId()} is listed and any
     * model served.
     */
    public String models() {
        return models;
    }

    @Override
    public String toString() {
        return "SimulatorConfig[" + host + ":" + port + ", model=" + modelId + ", maxRunning=" + maxRunningSequences
                + ", maxKv=" + maxKvTokens + ", prefill=" + prefillTokensPerSecond + " tok/s, step="
                + decodeStepBaseMillis + "+" + decodeStepPerSequenceMillis + "/seq ms, speed=" + speed
                + ", timeScale=" + timeScale + ", prefixCache=" + (prefixCacheBlocks == 0 ? "off"
                : prefixCacheBlocks + "x" + prefixBlockTokens + " tokens") + ", metrics=" + metricsEnabled + ", "
                + outputLengths + "]";
    }

    /** Collects settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private String modelId = "sim-model";
        private String name;
        private int maxRunningSequences = 32;
        private int maxKvTokens = 64_000;
        private int maxPrefillTokensPerStep = 8_192;
        private double prefillTokensPerSecond = 20_000;
        private double decodeStepBaseMillis = 15;
        private double decodeStepPerSequenceMillis = 0.5;
        private double decodeStepPerThousandKvTokensMillis = 0.05;
        private double speed = 1.0;
        private double timeScale = 1.0;
        private OutputLengthModel outputLengths = OutputLengthModel.defaults();
        private int embeddingDimensions = 8;
        private int socketSendBufferBytes = 0;
        private int prefixBlockTokens = 16;
        private int prefixCacheBlocks = AUTO;
        private boolean metricsEnabled = true;
        private String models;

        /** {@code prefixCacheBlocks} not set: half the KV budget, in blocks. */
        private static final int AUTO = -1;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder modelId(String modelId) {
            this.modelId = modelId;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder maxRunningSequences(int maxRunningSequences) {
            this.maxRunningSequences = maxRunningSequences;
            return this;
        }

        public Builder maxKvTokens(int maxKvTokens) {
            this.maxKvTokens = maxKvTokens;
            return this;
        }

        public Builder maxPrefillTokensPerStep(int maxPrefillTokensPerStep) {
            this.maxPrefillTokensPerStep = maxPrefillTokensPerStep;
            return this;
        }

        public Builder prefillTokensPerSecond(double prefillTokensPerSecond) {
            this.prefillTokensPerSecond = prefillTokensPerSecond;
            return this;
        }

        public Builder decodeStepBaseMillis(double decodeStepBaseMillis) {
            this.decodeStepBaseMillis = decodeStepBaseMillis;
            return this;
        }

        public Builder decodeStepPerSequenceMillis(double decodeStepPerSequenceMillis) {
            this.decodeStepPerSequenceMillis = decodeStepPerSequenceMillis;
            return this;
        }

        public Builder decodeStepPerThousandKvTokensMillis(double millis) {
            this.decodeStepPerThousandKvTokensMillis = millis;
            return this;
        }

        public Builder speed(double speed) {
            this.speed = speed;
            return this;
        }

        public Builder timeScale(double timeScale) {
            this.timeScale = timeScale;
            return this;
        }

        public Builder outputLengths(OutputLengthModel outputLengths) {
            this.outputLengths = outputLengths;
            return this;
        }

        public Builder embeddingDimensions(int embeddingDimensions) {
            this.embeddingDimensions = embeddingDimensions;
            return this;
        }

        public Builder socketSendBufferBytes(int socketSendBufferBytes) {
            this.socketSendBufferBytes = socketSendBufferBytes;
            return this;
        }

        public Builder prefixBlockTokens(int prefixBlockTokens) {
            this.prefixBlockTokens = prefixBlockTokens;
            return this;
        }

        /** Blocks of {@code prefixBlockTokens}; 0 = off. Unset: half of {@code maxKvTokens}, in blocks. */
        public Builder prefixCacheBlocks(int prefixCacheBlocks) {
            this.prefixCacheBlocks = prefixCacheBlocks;
            return this;
        }

        /** See {@link SimulatorConfig#models()}; null: lenient. */
        public Builder models(String models) {
            this.models = models == null || models.isBlank() ? null : models;
            return this;
        }

        public Builder metricsEnabled(boolean metricsEnabled) {
            this.metricsEnabled = metricsEnabled;
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting that is out of range, and the allowed range */
        public SimulatorConfig build() {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(outputLengths, "outputLengths");
            require(modelId != null && !modelId.isBlank(), "modelId must not be blank");
            require(port >= 0 && port <= 65535, "port must be in [0, 65535], was " + port);
            require(maxRunningSequences >= 1, "maxRunningSequences must be >= 1, was " + maxRunningSequences);
            require(maxKvTokens >= 1, "maxKvTokens must be >= 1, was " + maxKvTokens);
            require(maxPrefillTokensPerStep >= 1,
                    "maxPrefillTokensPerStep must be >= 1, was " + maxPrefillTokensPerStep);
            require(prefillTokensPerSecond > 0, "prefillTokensPerSecond must be > 0, was " + prefillTokensPerSecond);
            require(decodeStepBaseMillis >= 0, "decodeStepBaseMillis must be >= 0, was " + decodeStepBaseMillis);
            require(decodeStepPerSequenceMillis >= 0,
                    "decodeStepPerSequenceMillis must be >= 0, was " + decodeStepPerSequenceMillis);
            require(decodeStepPerThousandKvTokensMillis >= 0,
                    "decodeStepPerThousandKvTokensMillis must be >= 0, was " + decodeStepPerThousandKvTokensMillis);
            requireSpeed(speed);
            require(timeScale > 0 && timeScale <= 1000, "timeScale must be in (0, 1000], was " + timeScale);
            require(embeddingDimensions >= 1 && embeddingDimensions <= 4096,
                    "embeddingDimensions must be in [1, 4096], was " + embeddingDimensions);
            require(socketSendBufferBytes >= 0,
                    "socketSendBufferBytes must be >= 0 (0 = OS default), was " + socketSendBufferBytes);
            require(prefixBlockTokens >= 1 && prefixBlockTokens <= 1024,
                    "prefixBlockTokens must be in [1, 1024], was " + prefixBlockTokens);
            require(prefixCacheBlocks >= 0 || prefixCacheBlocks == AUTO,
                    "prefixCacheBlocks must be >= 0 (0 = off), was " + prefixCacheBlocks);
            return new SimulatorConfig(this);
        }

        static void requireSpeed(double speed) {
            require(speed > 0 && speed <= 1000, "speed must be in (0, 1000], was " + speed);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
