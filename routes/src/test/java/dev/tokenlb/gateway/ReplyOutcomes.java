package dev.tokenlb.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Names how a reply read by a load test ended: a complete reply, a clear error (OpenAI-style JSON, or a stream's
 * in-band error event), a client hang-up, or something unclear (upper case words) that fails the test.
 */
final class ReplyOutcomes {

    private ReplyOutcomes() {
    }

    /**
     * Reads the reply to its end (or, with {@code hangUp}, to its first event, after which the caller's closing of the
     * body drops the connection).
     */
    static String read(boolean stream, boolean hangUp, int status, InputStream body) throws IOException {
        if (status != 200) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            return status + (isErrorJson(text) ? " error json" : " without error json");
        }
        if (!stream) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            return text.contains("\"chat.completion\"") && text.contains("\"finish_reason\"")
                    ? "200 complete" : "200 INCOMPLETE";
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String last = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("data: ")) {
                if (hangUp) {
                    return "client hung up";
                }
                last = line;
            }
        }
        if ("data: [DONE]".equals(last)) {
            return "200 stream complete";
        }
        return last != null && isErrorJson(last.substring(6)) ? "200 stream ended by error event"
                : "200 stream TRUNCATED without an error";
    }

    static boolean isErrorJson(String text) {
        try {
            ReleasePathsTest.errorOf(text);
            return true;
        } catch (Exception | AssertionError e) {
            return false;
        }
    }
}
