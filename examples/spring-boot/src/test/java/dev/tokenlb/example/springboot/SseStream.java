package dev.tokenlb.example.springboot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A Server-Sent Events reply read event by event, each stamped with the time it arrived. Not thread-safe. */
final class SseStream implements AutoCloseable {

    /** One event's data and when it arrived ({@link System#nanoTime()}). */
    record Event(long arrivedNanos, String data) {
    }

    final long sentNanos;
    final HttpResponse<InputStream> response;
    private final BufferedReader reader;

    private SseStream(long sentNanos, HttpResponse<InputStream> response) {
        this.sentNanos = sentNanos;
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** Sends the POST and returns once the response headers are in. */
    static SseStream open(HttpClient http, String url, String body) throws IOException, InterruptedException {
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        return new SseStream(sent, response);
    }

    /** The next whole event, or null at the end of the stream. */
    Event next() throws IOException {
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(System.nanoTime(), data.toString());
                }
            } else if (line.startsWith("data:")) {
                String value = line.startsWith("data: ") ? line.substring(6) : line.substring(5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        if (data != null) {
            throw new AssertionError("the stream ended inside an event: " + data);
        }
        return null;
    }

    /** Every remaining event, up to the end of the stream. */
    List<Event> rest() throws IOException {
        List<Event> events = new ArrayList<>();
        for (Event e = next(); e != null; e = next()) {
            events.add(e);
        }
        return events;
    }

    long millisUntil(Event e) {
        return (e.arrivedNanos() - sentNanos) / 1_000_000;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
