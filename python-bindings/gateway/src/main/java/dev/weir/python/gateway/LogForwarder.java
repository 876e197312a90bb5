package dev.weir.python.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends java.util.logging records (and so System.Logger ones, which default to it) to Python as
 * {@code log} events; Python logs them under the logger 'weir.jvm'.
 */
final class LogForwarder extends Handler {
    private final ProtocolWriter writer;

    private LogForwarder(ProtocolWriter writer) {
        this.writer = writer;
    }

    /** Replaces the root logger's handlers (the console handler would write to stderr unformatted). */
    static void install(ProtocolWriter writer) {
        LogManager.getLogManager().reset();
        Logger.getLogger("").addHandler(new LogForwarder(writer));
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String message = record.getMessage();
        if (record.getParameters() != null && record.getParameters().length > 0) {
            message = java.text.MessageFormat.format(message, record.getParameters());
        }
        ObjectNode fields = ProtocolWriter.MAPPER.createObjectNode()
                .put("level", record.getLevel().getName())
                .put("logger", record.getLoggerName() == null ? "" : record.getLoggerName())
                .put("message", message == null ? "" : message);
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            fields.put("thrown", trace.toString()).put("thrownSummary", ErrorReport.summary(record.getThrown()));
        }
        writer.event("log", fields);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
