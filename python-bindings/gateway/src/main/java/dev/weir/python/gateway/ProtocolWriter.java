package dev.weir.python.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/**
 * Writes protocol messages, one JSON object per line, to the stream Python reads. Responses,
 * log events and job output come from many threads; one lock keeps every line whole.
 */
final class ProtocolWriter {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintStream out;

    ProtocolWriter(PrintStream out) {
        this.out = out;
    }

    void result(long id, JsonNode result) {
        ObjectNode message = MAPPER.createObjectNode().put("id", id);
        message.set("result", result);
        write(message);
    }

    void error(long id, ObjectNode error) {
        ObjectNode message = MAPPER.createObjectNode().put("id", id);
        message.set("error", error);
        write(message);
    }

    void event(String kind, ObjectNode fields) {
        ObjectNode message = MAPPER.createObjectNode().put("event", kind);
        message.setAll(fields);
        write(message);
    }

    private void write(ObjectNode message) {
        String line;
        try {
            line = MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        synchronized (this) {
            out.print(line);
            out.print('\n');
            out.flush();
        }
    }
}
