package dev.tokenlb.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.tokenlb.count.ApiShape;
import dev.tokenlb.count.CountInternals;
import dev.tokenlb.count.TokenCounter;
import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.Jsoner;
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
 * What the library does to a chat body before (and around) tokenizing it, per body, one thread:
 * <ul>
 * <li>{@code baselineJsonerDeserialize}: Camel's {@code Jsoner.deserialize(body)} alone, the parser the library
 * used before jackson-core;</li>
 * <li>{@code baselineJacksonTokens}: jackson-core's streaming parser stepping over every token and building nothing,
 * the floor for the library's parse (which reads the same tokens into a tree);</li>
 * <li>{@code libraryExtract}: all of {@code TokenCounter.count(body, AUTO)} except tokenizing (checks, the parse,
 * shape detection, the walk over messages and tools with tools serialized back to JSON, the request fields),
 * run as the library's own code with the tokenizer replaced by {@code String.length()};</li>
 * <li>{@code libraryCountWholeBody}: the real {@code TokenCounter.count(body, AUTO)}, to see what share of it the
 * extraction is.</li>
 * </ul>
 * Bodies: small = system + user, about 300 tokens; medium = 8 turns and 2 tools, about 3,000 tokens; large = 32
 * turns, a tool call and its result, and 4 tools, about 30,000 tokens. Sizes are printed once per trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ExtractionBenchmark {

    /** Configured as the library's: keys not canonicalized (nor interned). */
    private static final JsonFactory JACKSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    @State(Scope.Benchmark)
    public static class Body {

        @Param({ "small", "medium", "large" })
        public String size;

        TokenCounter counter;
        String body;

        @Setup(Level.Trial)
        public void setUp() {
            Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
            counter = TokenCounter.forEncoding("cl100k_base", 0); // no count cache: every call counts
            switch (size) {
                case "small":
                    body = ChatBodies.singleTurn(Prompts.text(encoding, 300, 300));
                    break;
                case "medium":
                    body = ChatBodies.conversation(Prompts.text(encoding, 3_000, 3_000), 8, 2);
                    break;
                case "large":
                    body = ChatBodies.conversation(Prompts.text(encoding, 30_000, 30_000), 32, 4);
                    break;
                default:
                    throw new IllegalArgumentException("size: small, medium or large, was " + size);
            }
            System.out.printf("%n[%s body] %d chars, %d prompt tokens; %d chars handed to the tokenizer"
                    + " (+ per-message overhead)%n", size, body.length(),
                    counter.count(body, ApiShape.AUTO).promptTokens(), CountInternals.extractChat(body));
        }
    }

    @Benchmark
    public Object baselineJsonerDeserialize(Body b) throws DeserializationException {
        return Jsoner.deserialize(b.body);
    }

    @Benchmark
    public int baselineJacksonTokens(Body b) throws IOException {
        int tokens = 0;
        try (JsonParser in = JACKSON.createParser(b.body)) {
            while (in.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    @Benchmark
    public int libraryExtract(Body b) {
        return CountInternals.extractChat(b.body);
    }

    @Benchmark
    public int libraryCountWholeBody(Body b) {
        return b.counter.count(b.body, ApiShape.AUTO).promptTokens();
    }
}
