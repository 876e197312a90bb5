package dev.weir.api.source;

/** What {@link SourceReader#pollNext} found. */
public enum InputStatus {
    /** More records are available now: call pollNext again. */
    MORE_AVAILABLE,
    /** Nothing now: wait on {@link SourceReader#isAvailable()}. */
    NOTHING_AVAILABLE,
    /** The reader has finished all its splits and will get no more. */
    END_OF_INPUT
}
