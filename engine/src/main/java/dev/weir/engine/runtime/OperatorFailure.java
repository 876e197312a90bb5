package dev.weir.engine.runtime;

import dev.weir.api.config.SensitiveUrls;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * An operator failed on a row; the message names operator, subtask and row, what went wrong with a
 * file when the cause is about one, and masks the user info of any URL in it (a client's error
 * quoting a host URL must not show its password).
 */
public final class OperatorFailure extends RuntimeException {
    OperatorFailure(String operator, int subtask, int parallelism, Object row, Throwable cause) {
        super(SensitiveUrls.mask("Operator '" + operator + "' (subtask " + (subtask + 1) + "/" + parallelism + ") failed"
                + (row == null ? "" : " on row " + row) + ": " + describe(cause)), cause);
    }

    /**
     * The cause's message, with what went wrong with a file when the message only names it: Java's
     * file system exceptions carry the path as their message and the reason in their type.
     */
    static String describe(Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException e) {
                String reason = reason(e);
                return message.contains(reason) ? message : message + " (" + reason + ")";
            }
        }
        return message;
    }

    private static String reason(FileSystemException e) {
        if (e.getReason() != null) {
            return e.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            // what creating a directory where a file is reports
            return e.getFile() != null && Files.isRegularFile(Path.of(e.getFile()))
                    ? "is a file, expected a directory" : "already exists";
        } else if (e instanceof NotDirectoryException) {
            return "not a directory";
        } else if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return e.getClass().getSimpleName();
    }
}
