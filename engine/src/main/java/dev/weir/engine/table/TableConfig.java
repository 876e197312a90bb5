package dev.weir.engine.table;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Job configuration by Flink key ({@code parallelism.default}, {@code execution.checkpointing.interval}, ...). */
public final class TableConfig {
    private final Map<String, String> values = new LinkedHashMap<>();

    public TableConfig set(String key, String value) {
        values.put(key, value);
        return this;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Map<String, String> toMap() {
        return Collections.unmodifiableMap(values);
    }
}
