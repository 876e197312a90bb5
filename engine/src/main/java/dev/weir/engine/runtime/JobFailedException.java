package dev.weir.engine.runtime;

/** The job failed (after any restarts the restart strategy allowed); the cause is the last failure. */
public final class JobFailedException extends RuntimeException {
    JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
