package dev.weir.engine.runtime;

/**
 * What travels through an exchange from one producer subtask (the channel) to one consumer subtask:
 * a batch of elements (rows, watermarks, idleness changes, in order), a checkpoint barrier, or the
 * end of the channel.
 */
final class Message {
    static final int DATA = 0;
    static final int BARRIER = 1;
    static final int END = 2;

    final int kind;
    final int channel;
    final Object[] elements;
    final int size;
    final long checkpointId;

    private Message(int kind, int channel, Object[] elements, int size, long checkpointId) {
        this.kind = kind;
        this.channel = channel;
        this.elements = elements;
        this.size = size;
        this.checkpointId = checkpointId;
    }

    static Message data(int channel, Object[] elements, int size) {
        return new Message(DATA, channel, elements, size, 0);
    }

    static Message barrier(int channel, long checkpointId) {
        return new Message(BARRIER, channel, null, 0, checkpointId);
    }

    static Message end(int channel) {
        return new Message(END, channel, null, 0, 0);
    }

    /** A watermark between rows of a batch; mutable only while still in the producer's buffer. */
    static final class Watermark {
        long value;

        Watermark(long value) {
            this.value = value;
        }
    }

    /** The channel has no data for now and must not hold back event time. */
    static final Object IDLE = new Object() {
        @Override
        public String toString() {
            return "IDLE";
        }
    };
}
