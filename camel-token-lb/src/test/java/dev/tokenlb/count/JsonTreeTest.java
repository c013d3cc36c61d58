package dev.tokenlb.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tokenlb.count.JsonTree.MalformedJsonException;

class JsonTreeTest {

    private static final String CHAT = """
            {"model":"gpt-4o","stream":true,"max_tokens":256,"temperature":0.7,"messages":[
              {"role":"system","content":"You are terse."},
              {"role":"user","name":"alice","content":[{"type":"text","text":"What is in this picture?"},
                {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"low"}}]},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"Sunny, 21 degrees."}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather now",
               "parameters":{"type":"object","properties":{"city":{"type":"string"},
                 "unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city"]}}}],
             "stream_options":{"include_usage":false},"stop":null}""";

    /** Valid JSON texts on which the parser must agree with Jsoner exactly. */
    static List<String> validDocuments() {
        return List.of(
                CHAT,
                "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}],"
                        + "\"instructions\":\"be brief\",\"max_output_tokens\":100}",
                "{\"model\":\"text-embedding-3-small\",\"input\":[[1,2,3],[4,5]],\"dimensions\":256}",
                "{\"prompt\":[\"a\",\"b\"],\"max_tokens\":1e3}",
                "{}", "[]", "{ }", "[ ]", "[[],{},[{}],{\"a\":[]}]",
                "0", "-0", "1e3", "1E+3", "1e-3", "-12.5e-2", "0.000001", "-0.0", "1.50", "2E0",
                "123456789012345678901234567890", "-123456789012345678901234567890.123456789e-40",
                "[0,-0,1e3,1E+3,-12.5e-2,123456789012345678901234567890]",
                "true", "false", "null", "[true,false,null]",
                "\"\"", "\"plain\"",
                "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"",
                "\"\\u0041\\u00e9\\u00E9\\u00c9 \\u0000 \\u001f \\uFFFF\"",
                "\"\\ud83d\\ude00 and \\uD83C\\uDF89\"", // surrogate pairs: 😀 and 🎉
                "\"😀 🎉 raw emoji\"", "\"你好，世界 and 日本語\"", "{\"キー\":\"値\",\"emoji😀\":\"é\"}",
                "\"prefix \\n middle \\t suffix\"", "{\"a\\nb\":1,\"c\\\"d\":2}",
                "\"</script> \\/ del\u007f line\u2028sep\"",
                "{\"a\":1,\"b\":2,\"a\":3}",
                " \t\r\n{ \"a\" \t:\r\n [ 1 , 2 ,\n3 ] , \"b\" : { } ,\"c\":\"x\"\t} \n\r\t",
                "[".repeat(60) + "]".repeat(60),
                "{\"a\":".repeat(60) + "1" + "}".repeat(60),
                "[{\"a\":[{\"b\":[{\"c\":[1,\"2\",true,null,{}]}]}]}]",
                "{\"\":1,\"\\ud800\":\"\\udc00x\"}", // an empty key; lone surrogates pass as they are
                "-" + "1".repeat(JsonTree.MAX_NUMBER_LENGTH - 1), "1".repeat(JsonTree.MAX_NUMBER_LENGTH));
    }

    /** Not JSON by RFC 8259, each with a reason. */
    static List<String> invalidDocuments() {
        return List.of(
                "", " ", " \n\t\r ", // nothing at all
                "{\"a\":1,}", "[1,]", "[,]", "{,}", "[1,,2]", // stray commas
                "// c\n{}", "/* c */{}", "{} // c", "# c\n{}", // comments
                "{'a':1}", "['a']", "{a:1}", // single quotes, unquoted key
                "01", "-01", "+1", ".5", "1.", "1.e3", "1e", "1e+", "-", "--1", "0x10", "1 2", // numbers
                "NaN", "Infinity", "-Infinity",
                "\"abc", "{\"a\":\"b", "[1,2", "{\"a\":1", "{", "[", "{\"a\"", "{\"a\":", // unterminated
                "\"a\nb\"", "\"a\tb\"", "\"a\u0000b\"", "\"\\n\u001f\"", "{\"a\nb\":1}", // raw control characters
                "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\\"", "\"\\U0041\"", "\"\\u０１２３\"", // bad escapes
                "{} x", "{}{}", "[] []", "{\"a\":1}\u0000", "[1]]", // something after the value
                "{\"a\" 1}", "{\"a\"::1}", "{:1}", "{\"a\":1 \"b\":2}", "[1 2]", "{\"a\":1x}", // missing colon or comma
                "tru", "nul", "fals", "True", "nulll", "truex", "[true1]", // literals
                "]", "}", "{]", "[}", // lone or mismatched brackets
                "\u00a0{}", "\f{}", "\u000b{}", "\ufeff{}", // whitespace JSON does not allow (NBSP, FF, VT, BOM)
                "1e9999999999", "1" + "0".repeat(JsonTree.MAX_NUMBER_LENGTH), // numbers beyond our limits
                "-" + "1".repeat(JsonTree.MAX_NUMBER_LENGTH), "1." + "5".repeat(JsonTree.MAX_NUMBER_LENGTH - 1));
    }

    @ParameterizedTest
    @MethodSource("validDocuments")
    void agreesWithJsonerOnValidDocuments(String doc) throws DeserializationException {
        Object ours = JsonTree.parse(doc);
        Object jsoners = Jsoner.deserialize(doc);
        assertEquals(jsoners, ours);
        // equals ignores key order and map/list classes; the serialized form shows both.
        assertEquals(serialize(jsoners), serialize(ours));
    }

    @Test
    void returnsTheValueTypesTheCountersExpect() {
        JsonObject object = (JsonObject) JsonTree.parse(
                "{\"s\":\"x\",\"n\":7,\"f\":1.5e2,\"t\":true,\"no\":false,\"z\":null,\"a\":[{}]}");
        assertEquals("x", object.get("s"));
        assertEquals(new BigDecimal("7"), object.get("n"));
        assertEquals(new BigDecimal("1.5e2"), object.get("f")); // scale kept: equals is scale-sensitive
        assertSame(Boolean.TRUE, object.get("t"));
        assertSame(Boolean.FALSE, object.get("no"));
        assertTrue(object.containsKey("z"));
        assertNull(object.get("z"));
        assertInstanceOf(JsonObject.class, assertInstanceOf(JsonArray.class, object.get("a")).get(0));
        assertEquals(1000, ((BigDecimal) JsonTree.parse("1e3")).intValueExact());
    }

    @Test
    void buildsEveryNumberFromItsExactText() {
        for (String number : List.of("0", "-0", "1e3", "1E+3", "-12.5e-2", "123456789012345678901234567890", "1.50")) {
            assertEquals(new BigDecimal(number), JsonTree.parse(number), number);
        }
    }

    @Test
    void decodesEveryEscapeAndJoinsSurrogatePairs() {
        assertEquals("\" \\ / \b \f \n \r \t", JsonTree.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\""));
        assertEquals("Aéé", JsonTree.parse("\"\\u0041\\u00e9\\u00E9\""));
        String grin = (String) JsonTree.parse("\"\\ud83d\\ude00\"");
        assertEquals(List.of(0x1F600), grin.codePoints().boxed().toList());
        assertEquals("\ud800x", JsonTree.parse("\"\\ud800x\"")); // a lone surrogate passes as is
    }

    @Test
    void keepsKeyOrderAndTakesTheLastOfDuplicateKeys() {
        JsonObject object = (JsonObject) JsonTree.parse("{\"b\":1,\"a\":2,\"c\":3,\"a\":4}");
        assertEquals(List.of("b", "a", "c"), List.copyOf(object.keySet()));
        assertEquals(new BigDecimal("4"), object.get("a"));
    }

    @ParameterizedTest
    @MethodSource("invalidDocuments")
    void refusesInvalidDocuments(String doc) {
        MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> JsonTree.parse(doc));
        assertTrue(e.getMessage().endsWith(" at offset " + e.offset()), e.getMessage());
        assertTrue(e.offset() >= 0 && e.offset() <= doc.length(), e.getMessage());
        assertEquals(0, e.getStackTrace().length);
    }

    @Test
    void saysWhatWasWrongAndWhere() {
        // jackson's words, at the offending character (or just past the offending token)
        assertMessage("{\"a\":1,}", "double-quote to start field name", 7);
        assertMessage("[1 2]", "comma to separate Array entries", 3);
        assertMessage("{\"a\" 1}", "colon to separate field name and value", 5);
        assertMessage("{} x", "Unrecognized token 'x'", 3);
        assertMessage("1.", "Decimal point not followed by a digit", 1);
        assertMessage("[tru]", "Unrecognized token 'tru'", 1);
        assertMessage("\"abc", "closing quote", 4);
        // ours, at the start of the offending token
        assertEquals("expected end of input at offset 2", message("{}{}"));
        assertEquals("expected a number of at most 1000 characters at offset 1",
                message("[-" + "1".repeat(JsonTree.MAX_NUMBER_LENGTH) + "]"));
        assertEquals("expected a number with an exponent within BigDecimal's range at offset 0",
                message("1e9999999999"));
        assertEquals("expected a JSON value at offset 0", message(""));
        assertEquals("expected a JSON text, not null at offset 0", message(null));
    }

    private static void assertMessage(String doc, String contained, int offset) {
        MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> JsonTree.parse(doc));
        assertTrue(e.getMessage().contains(contained), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertFalse(e.tooDeep(), e.getMessage());
    }

    @Test
    void refusesNestingBeyondItsLimitWithoutOverflowingTheStack() {
        String legal = "[".repeat(JsonTree.MAX_DEPTH) + "]".repeat(JsonTree.MAX_DEPTH);
        assertInstanceOf(JsonArray.class, JsonTree.parse(legal));
        int over = JsonTree.MAX_DEPTH + 1;
        MalformedJsonException e = assertThrows(MalformedJsonException.class,
                () -> JsonTree.parse("[".repeat(over) + "]".repeat(over)));
        assertTrue(e.tooDeep(), e.getMessage());
        assertTrue(e.getMessage().contains("nesting depth (65) exceeds the maximum allowed (64"), e.getMessage());
        assertTrue(assertThrows(MalformedJsonException.class,
                () -> JsonTree.parse("{\"a\":".repeat(over) + "1" + "}".repeat(over))).tooDeep());
        // Too deep, whatever follows: the depth is refused before the rest is read.
        assertTrue(assertThrows(MalformedJsonException.class,
                () -> JsonTree.parse("[".repeat(over) + "x")).tooDeep());
    }

    @Test
    void stopsAtTheDepthLimitInHundredThousandOpenBrackets() {
        // Refused at the 65th bracket, before reading the rest: the offset (just past it) shows how far it went.
        MalformedJsonException e = assertThrows(MalformedJsonException.class,
                () -> JsonTree.parse("[".repeat(100_000)));
        assertEquals(JsonTree.MAX_DEPTH + 1, e.offset());
    }

    @Test
    void parsesTheDeepestLegalNestingOnASmallThreadStack() throws InterruptedException {
        // Worker threads may have small stacks; the depth limit must fit in one.
        String legal = "[{\"a\":".repeat(JsonTree.MAX_DEPTH / 2) + "1" + "}]".repeat(JsonTree.MAX_DEPTH / 2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                JsonTree.parse(legal);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "small-stack", 128 * 1024);
        small.start();
        small.join();
        assertNull(failure.get());
    }

    @Test
    void parsesAFiveMegabyteString() {
        String content = "The quick brown fox jumps over the lazy dog. ".repeat(115_000); // ~5 MB
        JsonObject plain = (JsonObject) JsonTree.parse("{\"content\":\"" + content + "\"}");
        assertEquals(content, plain.get("content"));
        // The same with an escape every line: the unescaping path is linear too.
        String escaped = content.replace(". ", ".\\n");
        JsonObject lines = (JsonObject) JsonTree.parse("{\"content\":\"" + escaped + "\"}");
        assertEquals(content.replace(". ", ".\n"), lines.get("content"));
    }

    @Test
    void parsesAnArrayOfTwoHundredThousandObjects() {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 200_000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"n\":").append(i).append('}');
        }
        JsonArray array = (JsonArray) JsonTree.parse(json.append(']').toString());
        assertEquals(200_000, array.size());
        assertEquals(new BigDecimal(199_999), ((JsonObject) array.get(199_999)).get("n"));
    }

    private static String message(String doc) {
        return assertThrows(MalformedJsonException.class, () -> JsonTree.parse(doc)).getMessage();
    }

    private static String serialize(Object value) {
        return Jsoner.serialize(value);
    }
}
