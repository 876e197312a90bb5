package dev.weir.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * Copies a source or sink through Java serialization, as a distributed engine ships one to each
 * parallel task. The drivers give every reader, writer, enumerator and committer its own copy: a
 * connector that is not serializable fails here, and formats' encoders and decoders (which are not
 * thread-safe) are never shared between subtasks.
 */
final class SerializedCopies {
    private SerializedCopies() {
    }

    @SuppressWarnings("unchecked")
    static <T extends Serializable> T copy(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ContextClassLoaderInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError(value.getClass().getName() + " cannot be shipped to a task: Java serialization "
                    + "failed (" + e + "). Sources and sinks, and everything they hold, must be serializable.", e);
        }
    }

    /** Resolves classes with the context class loader, which sees the connector under test. */
    private static final class ContextClassLoaderInputStream extends ObjectInputStream {
        ContextClassLoaderInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, Thread.currentThread().getContextClassLoader());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
