package dev.weir.engine.builtin;

/**
 * A built-in source or sink bound to this JVM (a collect queue, a print stream, literal rows): the
 * engine shares the one instance between tasks instead of giving each task a serialized copy.
 */
public interface InProcess {
}
