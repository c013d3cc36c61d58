package dev.tokenlb.sim;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP/1.1 over a plain socket, for what a client library hides: closing mid-stream, not reading, and seeing exactly
 * which bytes came before the server closed (java.net.http drops buffered data when the connection breaks).
 */
final class RawHttp implements Closeable {

    private final Socket socket;
    private BufferedReader reader;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    static RawHttp connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** @param receiveBufferBytes SO_RCVBUF, 0 = the OS default */
    static RawHttp connect(int port, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes); // before connect, so the window is small from the start
        }
        socket.setSoTimeout(25_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        return new RawHttp(socket);
    }

    void post(String path, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** The next line of the raw reply (chunk sizes included), or null when the server closed the connection. */
    String readLine() throws IOException {
        if (reader == null) {
            reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }
        return reader.readLine();
    }

    /** Reads until the first {@code data:} line. */
    void readUntilFirstEvent() throws IOException {
        for (String line = readLine(); line != null; line = readLine()) {
            if (line.startsWith("data: ")) {
                return;
            }
        }
        throw new AssertionError("the stream ended before its first event");
    }

    /** Reads to the end of the connection or to {@code data: [DONE]}; returns the {@code data:} payloads. */
    List<String> readEvents() throws IOException {
        List<String> events = new ArrayList<>();
        for (String line = readLine(); line != null; line = readLine()) {
            if (line.startsWith("data: ")) {
                events.add(line.substring("data: ".length()));
                if (line.equals("data: [DONE]")) {
                    break;
                }
            }
        }
        return events;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
