package dev.weir.engine.table;

import dev.weir.engine.spec.WindowSpec;
import java.time.Duration;

/** Sliding windows: {@code Slide.over("10 s").every("5 s").on("ts").as("w")}. */
public final class Slide {
    private Slide() {
    }

    public static WithSize over(Object size) {
        return new WithSize(GroupWindow.duration(size));
    }

    public static final class WithSize {
        private final Duration size;

        WithSize(Duration size) {
            this.size = size;
        }

        public WithSlide every(Object slide) {
            return new WithSlide(new GroupWindow.Pending(WindowSpec.Kind.SLIDE, size, GroupWindow.duration(slide), null));
        }
    }

    public static final class WithSlide {
        private final GroupWindow.Pending pending;

        WithSlide(GroupWindow.Pending pending) {
            this.pending = pending;
        }

        public Tumble.WithTime on(Object timeColumn) {
            return new Tumble.WithTime(pending.on(GroupWindow.column(timeColumn)));
        }
    }
}
