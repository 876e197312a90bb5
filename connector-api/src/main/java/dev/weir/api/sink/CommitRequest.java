package dev.weir.api.sink;

/** One committable, with ways to report how committing it went. */
public interface CommitRequest<CommT> {
    CommT committable();

    /** How many times committing this has already been retried. */
    int numberOfRetries();

    /** Failed for a known, permanent reason: the job fails with it. */
    void signalFailedWithKnownReason(Throwable t);

    void signalFailedWithUnknownReason(Throwable t);

    /** Transient failure: try again later. */
    void retryLater();

    void updateAndRetryLater(CommT committable);

    /** It was committed before (e.g. in an earlier attempt): nothing to do. */
    void signalAlreadyCommitted();
}
