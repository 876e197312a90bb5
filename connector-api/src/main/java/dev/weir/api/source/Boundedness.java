package dev.weir.api.source;

/** Whether a source ends by itself. */
public enum Boundedness {
    BOUNDED,
    CONTINUOUS_UNBOUNDED
}
