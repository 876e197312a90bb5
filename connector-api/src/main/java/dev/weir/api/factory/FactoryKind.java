package dev.weir.api.factory;

import java.util.ArrayList;
import java.util.List;

/** The roles a factory can play; a Kafka factory is both SOURCE and SINK. */
public enum FactoryKind {
    SOURCE(SourceFactory.class, "source connector"),
    SINK(SinkFactory.class, "sink connector"),
    FORMAT(FormatFactory.class, "format");

    private final Class<? extends Factory> type;
    private final String noun;

    FactoryKind(Class<? extends Factory> type, String noun) {
        this.type = type;
        this.noun = noun;
    }

    public Class<? extends Factory> type() {
        return type;
    }

    /** 'source connector', 'sink connector', 'format': for messages. */
    public String noun() {
        return noun;
    }

    public static List<FactoryKind> of(Factory factory) {
        List<FactoryKind> kinds = new ArrayList<>();
        for (FactoryKind k : values()) {
            if (k.type.isInstance(factory)) {
                kinds.add(k);
            }
        }
        return kinds;
    }

    public static FactoryKind of(Class<? extends Factory> type) {
        for (FactoryKind k : values()) {
            if (k.type == type) {
                return k;
            }
        }
        throw new IllegalArgumentException("Not a factory kind: " + type.getName());
    }
}
