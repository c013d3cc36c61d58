package dev.tokenlb.jmh;

import java.util.concurrent.TimeUnit;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.tokenlb.count.ApiShape;
import dev.tokenlb.count.TokenCounter;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Counting throughput with cl100k_base for prompts of about 300, 3,000 and 30,000 tokens, one thread (so every
 * figure is per core).
 * <ul>
 * <li>{@code jtokkitCountTokensOrdinary}: {@code encoding.countTokensOrdinary(text)}, what the library calls;</li>
 * <li>{@code jtokkitCountTokens}: {@code countTokens(text)}, which also scans for special-token strings (and would
 * throw on one; the prompt has none);</li>
 * <li>{@code jtokkitEncodeOrdinarySize}: {@code encodeOrdinary(text).size()}, building the token-id list;</li>
 * <li>{@code libraryCountChatBody}: {@code TokenCounter.count(body, AUTO)} on an OpenAI chat body holding the same
 * text (system + user message): parse, shape detection, walk and count;</li>
 * <li>{@code libraryCountNextTurn} and {@code libraryCountNextTurnUncached}: the next turn of a conversation whose
 * history holds the text (split into 8 messages) and whose last user message (a short question) is new on each call,
 * with the counter's count cache (the default) and without it: earlier messages are hashed instead of tokenized;</li>
 * <li>{@code baselineCharScan}: one pass over the chars of the text (counting spaces), the cost floor of any
 * length-based estimate such as chars / 4. A bare {@code String.length()} is O(1) and not measured.</li>
 * </ul>
 * Every counter but the next-turn one is made without a count cache, so each call really counts.
 * The primary score is calls per second. The secondary score {@code :tokens} is prompt tokens per second per core
 * (the prompt's cl100k_base count added per call, for the baseline too, so that rows compare directly); by hand:
 * tokens/s = ops/s x the token count printed once per trial by {@link Prompt#setUp}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CountingBenchmark {

    /** The prompt of one size, its chat body, and their token counts. */
    @State(Scope.Benchmark)
    public static class Prompt {

        @Param({ "300", "3000", "30000" })
        public int tokens;

        Encoding encoding;
        TokenCounter counter;
        TokenCounter cachedCounter;
        String text;
        String body;
        /** The same history, each with another last question. */
        String[] nextTurns;
        int textTokens;
        int bodyTokens;
        int nextTurn;

        @Setup(Level.Trial)
        public void setUp() {
            encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
            counter = TokenCounter.forEncoding("cl100k_base", 0);
            cachedCounter = TokenCounter.forEncoding("cl100k_base");
            text = Prompts.text(encoding, tokens, tokens);
            body = ChatBodies.singleTurn(text);
            nextTurns = new String[1024];
            for (int i = 0; i < nextTurns.length; i++) {
                nextTurns[i] = ChatBodies.nextTurn(text, 8, "Question " + i + ": and what follows from that?");
            }
            textTokens = encoding.countTokensOrdinary(text);
            bodyTokens = counter.count(body, ApiShape.AUTO).promptTokens();
            System.out.printf("%n[prompt ~%d] text: %d tokens, %d chars; chat body: %d prompt tokens, %d chars%n",
                    tokens, textTokens, text.length(), bodyTokens, body.length());
        }
    }

    /** Tokens counted, reported by JMH as a rate (tokens/s) beside the calls/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Tokens {
        public long tokens;

        @Setup(Level.Iteration)
        public void reset() {
            tokens = 0;
        }
    }

    @Benchmark
    public int baselineCharScan(Prompt p, Tokens t) {
        String s = p.text;
        int spaces = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) == ' ') {
                spaces++;
            }
        }
        t.tokens += p.textTokens;
        return spaces;
    }

    @Benchmark
    public int jtokkitCountTokensOrdinary(Prompt p, Tokens t) {
        int n = p.encoding.countTokensOrdinary(p.text);
        t.tokens += n;
        return n;
    }

    @Benchmark
    public int jtokkitCountTokens(Prompt p, Tokens t) {
        int n = p.encoding.countTokens(p.text);
        t.tokens += n;
        return n;
    }

    @Benchmark
    public int jtokkitEncodeOrdinarySize(Prompt p, Tokens t) {
        int n = p.encoding.encodeOrdinary(p.text).size();
        t.tokens += n;
        return n;
    }

    @Benchmark
    public int libraryCountNextTurn(Prompt p, Tokens t) {
        int n = p.cachedCounter.count(p.nextTurns[p.nextTurn++ & 1023], ApiShape.AUTO).promptTokens();
        t.tokens += n;
        return n;
    }

    @Benchmark
    public int libraryCountNextTurnUncached(Prompt p, Tokens t) {
        int n = p.counter.count(p.nextTurns[p.nextTurn++ & 1023], ApiShape.AUTO).promptTokens();
        t.tokens += n;
        return n;
    }

    @Benchmark
    public int libraryCountChatBody(Prompt p, Tokens t) {
        int n = p.counter.count(p.body, ApiShape.AUTO).promptTokens();
        t.tokens += n;
        return n;
    }
}
