package dev.weir.guarantees;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** JSON job specs (dev.weir.engine.spec.JobSpecJson) of the kill tests, written to files for the engine process. */
final class JobSpecs {

    static final ObjectMapper JSON = new ObjectMapper();

    /** How often the engine checkpoints: often, so that kills land before, during and after many checkpoints. */
    static final String CHECKPOINT_INTERVAL = "300 ms";

    private JobSpecs() {
    }

    static ObjectNode job(Path checkpoints, int parallelism) {
        ObjectNode job = JSON.createObjectNode();
        job.put("version", 1);
        ObjectNode config = job.putObject("config");
        config.put("parallelism.default", String.valueOf(parallelism));
        config.put("execution.checkpointing.interval", CHECKPOINT_INTERVAL);
        config.put("execution.checkpointing.dir", checkpoints.toString());
        config.put("state.checkpoints.num-retained", "2");
        // Tree kills restart the process from outside; the strategy covers failures inside one process
        // (a killed Python worker, a broker that went away).
        config.put("restart-strategy.type", "fixed-delay");
        config.put("restart-strategy.fixed-delay.attempts", "30");
        config.put("restart-strategy.fixed-delay.delay", "500 ms");
        job.putObject("tables");
        job.putArray("pipelines");
        return job;
    }

    /** Adds a table; columns are {name, type} pairs in order. */
    static ObjectNode table(ObjectNode job, String name, String connector, String[][] columns, Map<String, String> options) {
        ObjectNode table = ((ObjectNode) job.get("tables")).putObject(name);
        table.put("connector", connector);
        ArrayNode cols = table.putObject("schema").putArray("columns");
        for (String[] column : columns) {
            cols.addObject().put("name", column[0]).put("type", column[1]);
        }
        ObjectNode opts = table.putObject("options");
        options.forEach(opts::put);
        return table;
    }

    static void pipeline(ObjectNode job, String sinkTable, ObjectNode query) {
        ObjectNode pipeline = ((ArrayNode) job.get("pipelines")).addObject();
        pipeline.putObject("sink").put("table", sinkTable);
        pipeline.set("query", query);
    }

    static ObjectNode scan(String table) {
        return JSON.createObjectNode().put("op", "scan").put("table", table);
    }

    static ObjectNode filter(ObjectNode input, String condition) {
        ObjectNode node = JSON.createObjectNode().put("op", "filter").put("condition", condition);
        node.set("input", input);
        return node;
    }

    static ObjectNode select(ObjectNode input, String... expressions) {
        ObjectNode node = JSON.createObjectNode().put("op", "select");
        node.set("input", input);
        ArrayNode list = node.putArray("expressions");
        for (String e : expressions) {
            list.add(e);
        }
        return node;
    }

    static Path write(ObjectNode job, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(job));
        return file;
    }

    /** Options of a 'kafka' source that reads a topic from the start up to the given end offsets. */
    static Map<String, String> kafkaSource(String bootstrap, String topic, String group, String endOffsets) {
        return Map.of("topic", topic, "properties.bootstrap.servers", bootstrap, "properties.group.id", group,
                "scan.startup.mode", "earliest-offset", "scan.bounded.mode", "specific-offsets",
                "scan.bounded.specific-offsets", endOffsets, "format", "json");
    }

    /** Options of an exactly-once 'kafka' sink. */
    static Map<String, String> kafkaExactlyOnceSink(String bootstrap, String topic, String transactionalIdPrefix) {
        return Map.of("topic", topic, "properties.bootstrap.servers", bootstrap, "format", "json",
                "sink.delivery-guarantee", "exactly-once", "sink.transactional-id-prefix", transactionalIdPrefix);
    }
}
