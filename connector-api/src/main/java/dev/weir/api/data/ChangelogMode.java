package dev.weir.api.data;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The kinds of row a stream carries, as Flink's changelog modes: insert-only (an append stream),
 * upsert (inserts, updates and deletes applied by a primary key, without update-before rows), or
 * all (a retract stream, where every update is an update-before followed by an update-after).
 * Immutable and thread-safe.
 */
public final class ChangelogMode {
    private static final ChangelogMode INSERT_ONLY = new ChangelogMode(EnumSet.of(RowKind.INSERT));
    private static final ChangelogMode UPSERT = new ChangelogMode(
            EnumSet.of(RowKind.INSERT, RowKind.UPDATE_AFTER, RowKind.DELETE));
    private static final ChangelogMode ALL = new ChangelogMode(EnumSet.allOf(RowKind.class));

    private final Set<RowKind> kinds;

    private ChangelogMode(Set<RowKind> kinds) {
        this.kinds = kinds;
    }

    /** Only {@link RowKind#INSERT}: what a sink that can only append accepts. */
    public static ChangelogMode insertOnly() {
        return INSERT_ONLY;
    }

    /** INSERT, UPDATE_AFTER and DELETE applied by the table's primary key. */
    public static ChangelogMode upsert() {
        return UPSERT;
    }

    /** Every kind of row. */
    public static ChangelogMode all() {
        return ALL;
    }

    /** A mode of exactly these kinds; INSERT must be one of them. */
    public static ChangelogMode of(RowKind first, RowKind... rest) {
        EnumSet<RowKind> kinds = EnumSet.of(first, rest);
        if (!kinds.contains(RowKind.INSERT)) {
            throw new IllegalArgumentException("A changelog mode always contains INSERT, got " + kinds);
        }
        return new ChangelogMode(kinds);
    }

    public boolean contains(RowKind kind) {
        return kinds.contains(kind);
    }

    /** True for {@link #insertOnly()}. */
    public boolean isInsertOnly() {
        return kinds.size() == 1;
    }

    /** True when every kind of {@code other} is in this mode. */
    public boolean containsAll(ChangelogMode other) {
        return kinds.containsAll(other.kinds);
    }

    /** The kinds of both modes. */
    public ChangelogMode union(ChangelogMode other) {
        EnumSet<RowKind> both = EnumSet.copyOf(kinds);
        both.addAll(other.kinds);
        return new ChangelogMode(both);
    }

    /** This mode without {@code kind} (never without INSERT). */
    public ChangelogMode without(RowKind kind) {
        if (kind == RowKind.INSERT || !kinds.contains(kind)) {
            return this;
        }
        EnumSet<RowKind> rest = EnumSet.copyOf(kinds);
        rest.remove(kind);
        return new ChangelogMode(rest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangelogMode other && kinds.equals(other.kinds);
    }

    @Override
    public int hashCode() {
        return kinds.hashCode();
    }

    /** Flink's notation, e.g. {@code [I,UB,UA,D]}. */
    @Override
    public String toString() {
        return kinds.stream().map(ChangelogMode::shortName).collect(Collectors.joining(",", "[", "]"));
    }

    private static String shortName(RowKind kind) {
        return switch (kind) {
            case INSERT -> "I";
            case UPDATE_BEFORE -> "UB";
            case UPDATE_AFTER -> "UA";
            case DELETE -> "D";
        };
    }
}
