package dev.tokenlb.overhead;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The fake backend's fixed answers, built once: a {@code chat.completion} with {@code usage}, and a short SSE stream
 * (a role chunk, four content chunks, a finish chunk with usage, {@code data: [DONE]}), one event per write. Immutable.
 */
final class FakeReplies {

    static final int PROMPT_TOKENS = 300;
    static final int COMPLETION_TOKENS = 4;

    static final Buffer COMPLETION = Buffer.buffer(
        "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"fake-model\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Load balancing spreads work.\"},"
        + "\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"completion_tokens\":" + COMPLETION_TOKENS
        + ",\"total_tokens\":" + (PROMPT_TOKENS + COMPLETION_TOKENS) + "}}");

    /** The SSE events in order, each one {@code data: ...\n\n}, the last {@code data: [DONE]}. */
    static final Buffer[] STREAM_EVENTS = stream();

    private FakeReplies() {
    }

    private static Buffer[] stream() {
        java.util.List<String> sse = new java.util.ArrayList<>();
        sse.add(event("{\"role\":\"assistant\",\"content\":\"\"}", "null", ""));
        for (String piece : new String[] {"Load", " balancing", " spreads", " work."}) {
            sse.add(event("{\"content\":\"" + piece + "\"}", "null", ""));
        }
        sse.add(event("{}", "\"stop\"", ",\"usage\":{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"completion_tokens\":"
                                           + COMPLETION_TOKENS + ",\"total_tokens\":"
                                           + (PROMPT_TOKENS + COMPLETION_TOKENS) + "}"));
        sse.add("data: [DONE]\n\n");
        return sse.stream().map(e -> Buffer.buffer(e.getBytes(StandardCharsets.UTF_8))).toArray(Buffer[]::new);
    }

    private static String event(String delta, String finishReason, String usage) {
        return "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
               + "\"model\":\"fake-model\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
               + finishReason + "}]" + usage + "}\n\n";
    }
}
