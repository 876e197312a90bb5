package dev.weir.engine.spec;

import dev.weir.api.descriptor.TableDescriptor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job: configuration, named tables and pipelines (query into sink). The Table API, the JSON form
 * ({@link JobSpecJson}) and the Python package all build this, so they share one planner.
 */
public record JobSpec(int version, Map<String, String> config, Map<String, TableDescriptor> tables,
                      Map<String, FunctionSpec> functions, List<Pipeline> pipelines) {
    public static final int CURRENT_VERSION = 1;

    public JobSpec {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        pipelines = List.copyOf(pipelines);
    }

    /** A job without user-defined functions. */
    public JobSpec(int version, Map<String, String> config, Map<String, TableDescriptor> tables, List<Pipeline> pipelines) {
        this(version, config, tables, Map.of(), pipelines);
    }

    public record Pipeline(SinkSpec sink, QueryNode query) {
    }
}
