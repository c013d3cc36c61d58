package dev.tokenlb.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The multi-turn chat workload: a few long system prompts (1,000 to 3,000 tokens each) shared by many conversations;
 * each conversation picks one, and has a few turns, each a new user message after a think time. Like chats with a
 * pasted document or retrieved context, {@value #DOCUMENT_SHARE} of the conversations open with a document of their
 * own ({@value #MIN_DOCUMENT_TOKENS} to {@value #MAX_DOCUMENT_TOKENS} tokens) in the first user message, which every
 * later turn carries again: the prefix that only the backend that served the conversation holds. Without them every
 * backend would soon hold the few system prompts and a turn would have little to gain from going back to its
 * conversation's backend. What turn
 * {@code k + 1} sends is only known once turn {@code k}'s reply has come back: system prompt, every earlier user
 * message and the assistant replies actually received, then the new user message ({@link #body}); the
 * {@link ConversationDriver} builds it. Everything else depends only on (seed, index): which system prompt, how many
 * turns, the user messages and the think times. Immutable, thread-safe.
 *
 * <pre>
 * MultiTurnWorkload workload = new MultiTurnWorkload(42, 6);
 * MultiTurnWorkload.Conversation c = workload.conversation(0);
 * byte[] first = MultiTurnWorkload.body(workload.systemPrompt(c.systemPrompt()), c.userTurns().subList(0, 1), List.of());
 * </pre>
 */
final class MultiTurnWorkload {

    static final int MIN_TURNS = 2;
    static final int MAX_TURNS = 8;
    /** The share of conversations that open with a document of their own. */
    static final double DOCUMENT_SHARE = 0.5;
    static final int MIN_DOCUMENT_TOKENS = 1_000;
    static final int MAX_DOCUMENT_TOKENS = 4_000;
    /** Mean think time between a reply's end and the next user message, in simulated seconds (exponential). */
    static final double MEAN_THINK_SECONDS = 3.0;

    /**
     * One conversation's fixed part.
     *
     * @param index         its position in the seeded sequence
     * @param systemPrompt  which of the shared system prompts it uses
     * @param userTurns     its user messages, one per turn, in order
     * @param thinkSeconds  per turn after the first, the simulated seconds between the previous reply's end and it
     */
    record Conversation(int index, int systemPrompt, List<String> userTurns, double[] thinkSeconds) {
        int turns() {
            return userTurns.size();
        }
    }

    private final long seed;
    private final List<String> systemPrompts;

    /** @param systemPrompts how many shared system prompts (4 to 8 make a realistic mix) */
    MultiTurnWorkload(long seed, int systemPrompts) {
        if (systemPrompts < 1) {
            throw new IllegalArgumentException("at least one system prompt, was " + systemPrompts);
        }
        this.seed = seed;
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < systemPrompts; i++) {
            SplittableRandom random = new SplittableRandom(seed * 0x2545F4914F6CDD1DL + 7919L * i);
            int tokens = 1_000 + random.nextInt(2_001);
            prompts.add("System prompt " + i + ". You are assistant number " + i + "; follow these rules."
                    + PromptText.words(random, tokens));
        }
        this.systemPrompts = List.copyOf(prompts);
    }

    int systemPromptCount() {
        return systemPrompts.size();
    }

    String systemPrompt(int i) {
        return systemPrompts.get(i);
    }

    /** Conversation {@code index}, from a random generator of its own. */
    Conversation conversation(int index) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x5DEECE66DL + index);
        int system = random.nextInt(systemPrompts.size());
        int turns = MIN_TURNS + random.nextInt(MAX_TURNS - MIN_TURNS + 1);
        List<String> users = new ArrayList<>();
        double[] think = new double[turns];
        String document = random.nextDouble() < DOCUMENT_SHARE
                ? " Read this document first." + PromptText.words(random, MIN_DOCUMENT_TOKENS
                        + random.nextInt(MAX_DOCUMENT_TOKENS - MIN_DOCUMENT_TOKENS + 1)) + " Now the question."
                : "";
        for (int t = 0; t < turns; t++) {
            int tokens = 30 + random.nextInt(270);
            users.add("Conversation " + index + ", question " + (t + 1) + "." + (t == 0 ? document : "")
                    + PromptText.words(random, tokens));
            think[t] = t == 0 ? 0 : -MEAN_THINK_SECONDS * Math.log(1 - random.nextDouble());
        }
        return new Conversation(index, system, List.copyOf(users), think);
    }

    /** The first {@code n} conversations. */
    List<Conversation> first(int n) {
        List<Conversation> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(conversation(i));
        }
        return out;
    }

    /**
     * The streamed chat request of the turn after {@code replies.size()} answered ones: the system prompt, then each
     * user message followed by its reply as received, then the next user message.
     *
     * @param users   the user messages so far, the new one last ({@code users.size() == replies.size() + 1})
     * @param replies the assistant replies received, in order
     */
    static byte[] body(String system, List<String> users, List<String> replies) {
        if (users.size() != replies.size() + 1) {
            throw new IllegalArgumentException("one more user message than replies expected: " + users.size()
                    + " and " + replies.size());
        }
        JsonArray messages = new JsonArray().add(message("system", system));
        for (int i = 0; i < users.size(); i++) {
            messages.add(message("user", users.get(i)));
            if (i < replies.size()) {
                messages.add(message("assistant", replies.get(i)));
            }
        }
        return new JsonObject().put("model", WorkloadGenerator.MODEL).put("messages", messages).put("stream", true)
                .encode().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject message(String role, String content) {
        return new JsonObject().put("role", role).put("content", content);
    }
}
