package dev.weir.engine.runtime;

import dev.weir.api.metrics.MetricGroup;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The inbox of one subtask: exchange messages from every input channel in one bounded queue (a full
 * queue blocks producers, which is the back-pressure), plus unbounded mail (split assignments,
 * checkpoint triggers, commit notifications) that the subtask runs on its own thread.
 */
final class InputGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Message> messages = new ArrayDeque<>();
    private final ArrayDeque<Runnable> mails = new ArrayDeque<>();
    private final int capacity;
    private int dataMessages;
    private int maxDataMessages;
    private volatile boolean hasMail;
    private boolean closed;
    private CompletableFuture<?> watchedFuture;

    InputGate(int capacity) {
        this.capacity = capacity;
    }

    void registerMetrics(MetricGroup metrics) {
        metrics.gauge("inputQueueLength", this::dataMessages);
        metrics.gauge("inputQueueMaxLength", () -> {
            lock.lock();
            try {
                return maxDataMessages;
            } finally {
                lock.unlock();
            }
        });
        metrics.gauge("inputQueueCapacity", () -> capacity);
    }

    int dataMessages() {
        lock.lock();
        try {
            return dataMessages;
        } finally {
            lock.unlock();
        }
    }

    /** Blocks while the queue holds {@code capacity} batches; control messages never block. */
    void put(Message message) throws InterruptedException {
        lock.lock();
        try {
            if (message.kind == Message.DATA) {
                while (dataMessages >= capacity && !closed) {
                    notFull.await();
                }
                dataMessages++;
                maxDataMessages = Math.max(maxDataMessages, dataMessages);
            }
            if (closed) {
                throw new CancellationException("job cancelled");
            }
            messages.add(message);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    void putMail(Runnable mail) {
        lock.lock();
        try {
            mails.add(mail);
            hasMail = true;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    boolean hasMail() {
        return hasMail;
    }

    Runnable pollMail() {
        lock.lock();
        try {
            Runnable mail = mails.poll();
            hasMail = !mails.isEmpty();
            return mail;
        } finally {
            lock.unlock();
        }
    }

    /** A mail (first) or a message, or null when there is neither. */
    Object poll() {
        lock.lock();
        try {
            return next();
        } finally {
            lock.unlock();
        }
    }

    Object take() throws InterruptedException {
        lock.lock();
        try {
            Object next;
            while ((next = next()) == null) {
                if (closed) {
                    throw new CancellationException("job cancelled");
                }
                notEmpty.await();
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until mail arrives or the future completes (a source reader's availability), or at most
     * {@code maxNanos} when positive.
     */
    void awaitMailOr(CompletableFuture<?> future, long maxNanos) throws InterruptedException {
        if (future != watchedFuture) {
            watchedFuture = future;
            future.whenComplete((v, e) -> wakeUp());
        }
        lock.lock();
        try {
            long left = maxNanos;
            while (mails.isEmpty() && !future.isDone() && !closed) {
                if (maxNanos <= 0) {
                    notEmpty.await();
                } else if ((left = notEmpty.awaitNanos(left)) <= 0) {
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Cancels: wakes every waiter; later puts and takes throw. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Object next() {
        Runnable mail = mails.poll();
        if (mail != null) {
            hasMail = !mails.isEmpty();
            return mail;
        }
        Message m = messages.poll();
        if (m != null && m.kind == Message.DATA) {
            dataMessages--;
            notFull.signal();
        }
        return m;
    }

    private void wakeUp() {
        lock.lock();
        try {
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
