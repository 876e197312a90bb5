package dev.weir.testing;

/**
 * How a round of commits went.
 *
 * @param committed committables committed now
 * @param alreadyCommitted committables the committer reported as committed before (idempotent re-commit)
 * @param retries how often a committable asked to be retried before it went through
 */
public record CommitOutcome(int committed, int alreadyCommitted, int retries) {
    public static final CommitOutcome NONE = new CommitOutcome(0, 0, 0);

    CommitOutcome plus(CommitOutcome other) {
        return new CommitOutcome(committed + other.committed, alreadyCommitted + other.alreadyCommitted,
                retries + other.retries);
    }

    public int total() {
        return committed + alreadyCommitted;
    }
}
