package dev.weir.python.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JVM the Python package starts: reads one JSON request per line on stdin, answers on stdout
 * (protocol in python-bindings/README.md). Requests run concurrently, so a long {@code fetch} or
 * {@code awaitJob} never holds up a {@code cancelJob}. When stdin closes (Python exited), running
 * jobs are cancelled and the JVM exits.
 */
public final class GatewayMain {
    private GatewayMain() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream protocolOut = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        ProtocolWriter writer = new ProtocolWriter(protocolOut);
        PrintStream jobOutput = new PrintStream(new EventOutputStream(writer), true, StandardCharsets.UTF_8);
        // Anything else writing to System.out (connectors, libraries) must not break the protocol.
        System.setOut(jobOutput);
        LogForwarder.install(writer);
        // An exception no one caught is logged (its stack trace at debug level in Python), not printed to stderr.
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> Logger.getLogger(GatewayMain.class.getName())
                .log(Level.SEVERE, "Uncaught exception in thread " + thread.getName(), error));
        Gateway gateway = new Gateway(jobOutput);
        ExecutorService requests = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "weir-gateway-request");
            thread.setDaemon(true);
            return thread;
        });
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String request = line;
            requests.execute(() -> serve(gateway, writer, request));
        }
        gateway.cancelAll();
        System.exit(0);
    }

    private static void serve(Gateway gateway, ProtocolWriter writer, String line) {
        long id = -1;
        try {
            JsonNode request = ProtocolWriter.MAPPER.readTree(line);
            id = request.path("id").asLong(-1);
            String method = request.path("method").asText();
            JsonNode params = request.has("params") ? request.get("params") : NullNode.getInstance();
            JsonNode result = gateway.handle(method, params);
            writer.result(id, result);
            if (method.equals("shutdown")) {
                System.exit(0);
            }
        } catch (Throwable error) {
            writer.error(id, ErrorReport.of(error));
        }
    }
}
