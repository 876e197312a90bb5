package dev.weir.engine.spec;

import dev.weir.api.config.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * An event-time group window on a rowtime column: tumbling (size), sliding (size, slide) or session
 * (gap). {@code alias} names it in groupBy and select ({@code w.start}, {@code w.end}, {@code w.rowtime}).
 */
public record WindowSpec(Kind kind, Duration size, Duration slide, Duration gap, String timeColumn, String alias) {
    public enum Kind { TUMBLE, SLIDE, SESSION }

    public WindowSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(timeColumn, "window needs .on(<rowtime column>)");
        Objects.requireNonNull(alias, "window needs .as(<alias>)");
        switch (kind) {
            case TUMBLE -> requirePositive(size, "tumble size");
            case SLIDE -> {
                requirePositive(size, "slide size");
                requirePositive(slide, "slide interval");
            }
            case SESSION -> requirePositive(gap, "session gap");
        }
    }

    public static WindowSpec tumble(Duration size, String timeColumn, String alias) {
        return new WindowSpec(Kind.TUMBLE, size, null, null, timeColumn, alias);
    }

    public static WindowSpec slide(Duration size, Duration slide, String timeColumn, String alias) {
        return new WindowSpec(Kind.SLIDE, size, slide, null, timeColumn, alias);
    }

    public static WindowSpec session(Duration gap, String timeColumn, String alias) {
        return new WindowSpec(Kind.SESSION, null, null, gap, timeColumn, alias);
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() == 0) {
            throw new IllegalArgumentException(what + " must be at least 1 ms, got " + d);
        }
    }

    @Override
    public String toString() {
        String on = " on " + timeColumn + " as " + alias;
        return switch (kind) {
            case TUMBLE -> "TUMBLE(" + Durations.format(size) + ")" + on;
            case SLIDE -> "SLIDE(" + Durations.format(size) + " every "
                    + Durations.format(slide) + ")" + on;
            case SESSION -> "SESSION(gap " + Durations.format(gap) + ")" + on;
        };
    }
}
