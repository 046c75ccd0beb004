package dev.sluice.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand over a socket, for requests the JDK client will not send (a Host of our choosing, no
 * Host at all, a Content-Length larger than the body sent) and answers read without waiting for the connection to
 * close.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code request} as is to 127.0.0.1:{@code port} and reads one answer. */
    public static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return readAnswer(socket.getInputStream());
        }
    }

    /** Status line, headers and a body of Content-Length bytes ("" when the connection ends before any answer). */
    public static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
