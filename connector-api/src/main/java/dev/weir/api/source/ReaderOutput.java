package dev.weir.api.source;

/**
 * The reader's output. Readers with several splits emit each split's rows through that split's
 * output, so the engine tracks watermarks per split and the slowest split holds time back (unless
 * it is idle).
 */
public interface ReaderOutput extends SourceOutput {
    SourceOutput createOutputForSplit(String splitId);

    /** The split is finished or removed; it no longer holds back the watermark. */
    void releaseOutputForSplit(String splitId);
}
