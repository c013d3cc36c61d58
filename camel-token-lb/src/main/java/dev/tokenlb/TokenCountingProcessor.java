package dev.tokenlb;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import dev.tokenlb.cost.OutputEstimator;
import dev.tokenlb.cost.OutputEstimators;
import dev.tokenlb.count.ApiShape;
import dev.tokenlb.count.CountedRequest;
import dev.tokenlb.count.TokenCounter;
import dev.tokenlb.prefix.PromptPrefix;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Counts the tokens of the exchange's body, an OpenAI-style request (chat completions, completions, embeddings,
 * responses) or plain text, and sets the exchange properties that {@link TokenAwareLoadBalancer} reads:
 * {@link TokenLbConstants#PROMPT_TOKENS}, {@link TokenLbConstants#EXPECTED_OUTPUT_TOKENS},
 * {@link TokenLbConstants#COST} (their sum), and {@link TokenLbConstants#MODEL}, {@link TokenLbConstants#STREAM},
 * {@link TokenLbConstants#API_SHAPE}; and where asked, {@link TokenLbConstants#PROMPT_PREFIX} and
 * {@link TokenLbConstants#SESSION}.
 * <p>
 * Expected output tokens come from an {@link OutputEstimator}; by default ({@code max-tokens}) the request's
 * {@code max_completion_tokens} / {@code max_tokens} / {@code max_output_tokens}, capped at
 * {@link #setMaxOutputTokens maxOutputTokens}; when the request gives none,
 * {@link #setDefaultOutputTokens defaultOutputTokens}; 0 for embeddings.
 * <p>
 * The body is parsed once. A stream body is read into a byte array that replaces it, so later steps can still send
 * it. An invalid request for the configured {@link #setApiShape apiShape} raises
 * {@link dev.tokenlb.count.InvalidRequestException} (a 400 in the gateway); with {@code auto} a body that is not a
 * JSON object is counted as plain text. A route serving several API shapes with one instance sets
 * {@link TokenLbConstants#API_SHAPE} (for example to {@code chat}) before this step to ask for that shape.
 * <p>
 * Thread-safe once started; share one instance across routes.
 */
public class TokenCountingProcessor extends ServiceSupport implements org.apache.camel.Processor {

    private String encoding = "cl100k_base";
    private int countCacheEntries = TokenCounter.DEFAULT_CACHE_ENTRIES;
    private String apiShape = "auto";
    private int defaultOutputTokens = 256;
    private int maxOutputTokens = 4096;
    private String outputEstimate = "max-tokens";
    private OutputEstimator outputEstimator;
    private boolean prefixHashing = true;
    private String sessionKey = "";

    private volatile TokenCounter counter;
    /** From {@link #sessionKey}: the header that names the session, "" for the body's {@code user}, null for none. */
    private volatile String sessionHeader;
    private volatile ApiShape shape;

    @Override
    protected void doInit() {
        if (defaultOutputTokens < 0) {
            throw new IllegalArgumentException("defaultOutputTokens must be >= 0, was " + defaultOutputTokens);
        }
        if (maxOutputTokens < 0) {
            throw new IllegalArgumentException("maxOutputTokens must be >= 0, was " + maxOutputTokens);
        }
        sessionHeader = sessionHeaderOf(sessionKey);
        counter = TokenCounter.forEncoding(encoding, countCacheEntries);
        shape = ApiShape.parse(apiShape);
        if (outputEstimator == null) {
            outputEstimator = OutputEstimators.forSpec(outputEstimate, defaultOutputTokens, maxOutputTokens);
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (counter == null) {
            doInit(); // used as a plain Processor, never started as a service
        }
        String body = readBody(exchange.getMessage());
        CountedRequest counted = counter.count(body, shapeFor(exchange));
        long expected = outputEstimator.expectedOutputTokens(counted, body);
        exchange.setProperty(TokenLbConstants.PROMPT_TOKENS, (long) counted.promptTokens());
        exchange.setProperty(TokenLbConstants.EXPECTED_OUTPUT_TOKENS, expected);
        exchange.setProperty(TokenLbConstants.COST, counted.promptTokens() + expected);
        exchange.setProperty(TokenLbConstants.STREAM, counted.stream());
        exchange.setProperty(TokenLbConstants.API_SHAPE, counted.shape().name());
        exchange.setProperty(TokenLbConstants.COUNTED_REQUEST, counted);
        exchange.setProperty(TokenLbConstants.OUTPUT_ESTIMATOR, outputEstimator);
        if (counted.model() != null) {
            exchange.setProperty(TokenLbConstants.MODEL, counted.model());
        }
        if (prefixHashing) {
            exchange.setProperty(TokenLbConstants.PROMPT_PREFIX, PromptPrefix.of(body));
        }
        String header = sessionHeader;
        if (header != null && exchange.getProperty(TokenLbConstants.SESSION) == null) {
            String session = header.isEmpty() ? counted.user() : exchange.getMessage().getHeader(header, String.class);
            if (session != null && !session.isBlank()) {
                exchange.setProperty(TokenLbConstants.SESSION, session);
            }
        }
    }

    private static String sessionHeaderOf(String spec) {
        String s = spec == null ? "" : spec.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("none")) {
            return null;
        }
        if (s.equalsIgnoreCase("user")) {
            return "";
        }
        if (s.regionMatches(true, 0, "header:", 0, 7) && !s.substring(7).isBlank()) {
            return s.substring(7).trim();
        }
        throw new IllegalArgumentException("sessionKey must be empty, none, user or header:NAME, was '" + spec + "'");
    }

    /** A route may ask for a shape per exchange by setting {@link TokenLbConstants#API_SHAPE} before this step. */
    private ApiShape shapeFor(Exchange exchange) {
        Object requested = exchange.getProperty(TokenLbConstants.API_SHAPE);
        return requested instanceof String name && !name.isBlank() ? ApiShape.parse(name) : shape;
    }

    private static String readBody(Message message) throws Exception {
        Object body = message.getBody();
        if (body == null) {
            return "";
        }
        if (body instanceof String s) {
            return s;
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (body instanceof InputStream || body instanceof StreamCache) {
            // read once and keep the bytes, so the request can still be sent on
            byte[] bytes = message.getMandatoryBody(byte[].class);
            message.setBody(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        String text = message.getBody(String.class);
        return text == null ? "" : text;
    }

    public String getOutputEstimate() {
        return outputEstimate;
    }

    /**
     * How to expect output tokens: {@code max-tokens} (default: the request's limit capped at maxOutputTokens, else
     * defaultOutputTokens), {@code fixed:N} or {@code none}. Ignored when an {@link #setOutputEstimator estimator}
     * is set.
     */
    public void setOutputEstimate(String outputEstimate) {
        this.outputEstimate = outputEstimate;
    }

    public OutputEstimator getOutputEstimator() {
        return outputEstimator;
    }

    /** An estimator object, taking precedence over {@link #setOutputEstimate outputEstimate}. */
    public void setOutputEstimator(OutputEstimator outputEstimator) {
        this.outputEstimator = outputEstimator;
    }

    public String getEncoding() {
        return encoding;
    }

    /** jtokkit encoding name: {@code cl100k_base} (default), {@code o200k_base}, {@code p50k_base}, ... */
    public void setEncoding(String encoding) {
        this.encoding = encoding;
    }

    /** The counter in use once started (for its cache figures), else null. */
    public TokenCounter tokenCounter() {
        return counter;
    }

    public int getCountCacheEntries() {
        return countCacheEntries;
    }

    /**
     * How many long texts (256 characters or more: system prompts, earlier messages of a conversation) to remember the
     * counts of, so that a conversation sent again on its next turn is hashed instead of tokenized; about 40 bytes
     * each. Default {@value TokenCounter#DEFAULT_CACHE_ENTRIES}; 0 counts every text every time.
     */
    public void setCountCacheEntries(int countCacheEntries) {
        if (countCacheEntries < 0) {
            throw new IllegalArgumentException("countCacheEntries must be >= 0, was " + countCacheEntries);
        }
        this.countCacheEntries = countCacheEntries;
    }

    public String getApiShape() {
        return apiShape;
    }

    /** {@code auto} (default), {@code chat}, {@code completions}, {@code embeddings} or {@code responses}. */
    public void setApiShape(String apiShape) {
        this.apiShape = apiShape;
    }

    public int getDefaultOutputTokens() {
        return defaultOutputTokens;
    }

    /** Output tokens expected of a request that does not say its maximum; default 256. */
    public void setDefaultOutputTokens(int defaultOutputTokens) {
        this.defaultOutputTokens = defaultOutputTokens;
    }

    public int getMaxOutputTokens() {
        return maxOutputTokens;
    }

    /** Cap on the expected output tokens taken from a request's own maximum; default 4096. */
    public void setMaxOutputTokens(int maxOutputTokens) {
        this.maxOutputTokens = maxOutputTokens;
    }

    public boolean isPrefixHashing() {
        return prefixHashing;
    }

    /**
     * Hash the prompt's prefix in blocks ({@link TokenLbConstants#PROMPT_PREFIX}, about a nanosecond a character), so
     * the {@code latency} strategy can send a request where its prefix is probably cached. Default true.
     */
    public void setPrefixHashing(boolean prefixHashing) {
        this.prefixHashing = prefixHashing;
    }

    public String getSessionKey() {
        return sessionKey;
    }

    /**
     * What names a request's session ({@link TokenLbConstants#SESSION}), so the {@code latency} strategy sends a
     * conversation's next turn where its last prompt is probably cached even when its bytes differ: {@code user} (the
     * OpenAI body's {@code user} field), {@code header:NAME} (a request header, such as {@code header:x-session-id}),
     * or empty (the default: none). A session property set earlier in the route wins. Off by default: a {@code user}
     * shared by many conversations (one service account) would claim a cache that is not there.
     */
    public void setSessionKey(String sessionKey) {
        this.sessionKey = sessionKey;
    }
}
