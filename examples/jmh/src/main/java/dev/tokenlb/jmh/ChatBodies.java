package dev.tokenlb.jmh;

import java.math.BigDecimal;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * OpenAI {@code /v1/chat/completions} request bodies built around a prompt text, serialized with Camel's Jsoner (so
 * quotes and newlines in the text are escaped as a client would send them).
 */
final class ChatBodies {

    private static final String SYSTEM = "You are a helpful assistant. Answer briefly and cite the section you used.";

    private ChatBodies() {
    }

    /** A system message and one user message holding the whole text: a RAG-style single-turn request. */
    static String singleTurn(String text) {
        JsonArray messages = new JsonArray();
        messages.add(message("system", SYSTEM));
        messages.add(message("user", text));
        return Jsoner.serialize(request(messages, null));
    }

    /**
     * A conversation: a system message, then the text cut at paragraph breaks into {@code turns} alternating
     * user/assistant messages (the last one a user's), plus {@code tools} function definitions; with tools, the
     * second-to-last message is an assistant tool call and a tool result follows it. An agent-style request.
     */
    static String conversation(String text, int turns, int tools) {
        JsonArray messages = new JsonArray();
        messages.add(message("system", SYSTEM));
        String[] parts = split(text, turns);
        for (int i = 0; i < parts.length; i++) {
            boolean user = (parts.length - 1 - i) % 2 == 0;
            messages.add(message(user ? "user" : "assistant", parts[i]));
            if (tools > 0 && i == parts.length - 2) {
                messages.add(toolCall(i));
                messages.add(toolResult(i));
            }
        }
        JsonArray definitions = null;
        if (tools > 0) {
            definitions = new JsonArray();
            for (int t = 0; t < tools; t++) {
                definitions.add(tool(t));
            }
        }
        return Jsoner.serialize(request(messages, definitions));
    }

    /**
     * The next turn of a conversation: a system message, the text cut into {@code turns} alternating user/assistant
     * messages (the history, the same on every turn), then a new user {@code question}.
     */
    static String nextTurn(String text, int turns, String question) {
        JsonArray messages = new JsonArray();
        messages.add(message("system", SYSTEM));
        String[] parts = split(text, turns);
        for (int i = 0; i < parts.length; i++) {
            messages.add(message(i % 2 == 0 ? "user" : "assistant", parts[i]));
        }
        messages.add(message("user", question));
        return Jsoner.serialize(request(messages, null));
    }

    private static JsonObject request(JsonArray messages, JsonArray tools) {
        JsonObject body = new JsonObject();
        body.put("model", "llama-3.1-70b-instruct");
        body.put("messages", messages);
        if (tools != null) {
            body.put("tools", tools);
        }
        body.put("max_tokens", new BigDecimal(512));
        body.put("temperature", new BigDecimal("0.2"));
        body.put("stream", Boolean.TRUE);
        JsonObject streamOptions = new JsonObject();
        streamOptions.put("include_usage", Boolean.TRUE);
        body.put("stream_options", streamOptions);
        return body;
    }

    private static JsonObject message(String role, String content) {
        JsonObject message = new JsonObject();
        message.put("role", role);
        message.put("content", content);
        return message;
    }

    private static JsonObject toolCall(int n) {
        JsonObject function = new JsonObject();
        function.put("name", "search_docs");
        function.put("arguments", "{\"query\": \"p99 latency under load, part " + n + "\", \"top_k\": 5}");
        JsonObject call = new JsonObject();
        call.put("id", "call_" + n);
        call.put("type", "function");
        call.put("function", function);
        JsonArray calls = new JsonArray();
        calls.add(call);
        JsonObject message = new JsonObject();
        message.put("role", "assistant");
        message.put("content", null);
        message.put("tool_calls", calls);
        return message;
    }

    private static JsonObject toolResult(int n) {
        JsonObject message = message("tool", "[{\"title\": \"Runbook " + n + "\", \"score\": 0.87}]");
        message.put("tool_call_id", "call_" + n);
        return message;
    }

    private static JsonObject tool(int t) {
        JsonObject query = new JsonObject();
        query.put("type", "string");
        query.put("description", "What to look for, in plain words.");
        JsonObject topK = new JsonObject();
        topK.put("type", "integer");
        topK.put("description", "How many results to return, 1 to 20.");
        JsonObject properties = new JsonObject();
        properties.put("query", query);
        properties.put("top_k", topK);
        JsonArray required = new JsonArray();
        required.add("query");
        JsonObject parameters = new JsonObject();
        parameters.put("type", "object");
        parameters.put("properties", properties);
        parameters.put("required", required);
        JsonObject function = new JsonObject();
        function.put("name", "search_docs_" + t);
        function.put("description", "Searches document collection " + t + " and returns the best matching passages.");
        function.put("parameters", parameters);
        JsonObject tool = new JsonObject();
        tool.put("type", "function");
        tool.put("function", function);
        return tool;
    }

    /** The text cut into n pieces of similar length, each cut at a paragraph break where there is one. */
    private static String[] split(String text, int n) {
        String[] parts = new String[n];
        int from = 0;
        for (int i = 0; i < n; i++) {
            int to = i == n - 1 ? text.length() : text.lastIndexOf("\n\n", (int) ((long) text.length() * (i + 1) / n));
            if (to <= from) {
                to = i == n - 1 ? text.length() : Math.max(from, (int) ((long) text.length() * (i + 1) / n));
            }
            parts[i] = text.substring(from, to).strip();
            from = to;
        }
        return parts;
    }
}
