package dev.weir.engine.plan;

import dev.weir.api.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * A source or sink serialized once at plan time, handing out a fresh deserialized copy to each
 * enumerator, reader, writer and committer, as the SPI promises (connectors may keep
 * non-thread-safe encoders in them). Serializing at plan time also reports a connector that cannot
 * be serialized before anything runs. The engine's in-process built-ins are shared instead.
 */
final class TaskCopies<T extends Serializable> {
    private final T original;
    private final byte[] bytes;

    TaskCopies(T original, String what) {
        this.original = original;
        if (original instanceof dev.weir.engine.builtin.InProcess) {
            this.bytes = null;
            return;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
                objects.writeObject(original);
            }
            this.bytes = out.toByteArray();
        } catch (IOException e) {
            throw new ValidationException(what + " (" + original.getClass().getName() + ") cannot be serialized, which the "
                    + "engine needs to give each task its own copy: " + e, e);
        }
    }

    T original() {
        return original;
    }

    @SuppressWarnings("unchecked")
    T copy() {
        if (bytes == null) {
            return original;
        }
        ClassLoader loader = original.getClass().getClassLoader();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return (T) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Cannot copy " + original.getClass().getName() + " for a task: " + e, e);
        }
    }
}
