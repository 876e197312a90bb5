package dev.weir.formats.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ByteWindowTest {
    /** A stream that hands out at most three bytes per read, as sockets and pipes may. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
    }

    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @Test
    void goesBackToAnyByteHeldAndKnowsItsOffset() throws IOException {
        ByteWindow in = new ByteWindow(trickle(bytes(200)));
        in.readNBytes(50);
        assertThat(in.position()).isEqualTo(50);
        in.seek(10);
        assertThat(in.read()).isEqualTo(10);
        assertThat(in.has(0, 100)).isTrue();
        in.seek(100 - 1);
        in.release();
        assertThat(in.read()).isEqualTo(99);
        assertThatThrownBy(() -> in.seek(98)).isInstanceOf(IllegalStateException.class);
        assertThat(in.copy(99, 102)).containsExactly(99, 100, 101);
    }

    @Test
    void findsAMarkerReadingOnAndSaysWhenTheStreamEnds() throws IOException {
        byte[] data = bytes(300);
        ByteWindow in = new ByteWindow(trickle(data));
        assertThat(in.find(new byte[] {(byte) 250, (byte) 251}, 3)).isEqualTo(250);
        assertThat(in.position()).isZero();
        assertThat(in.find(new byte[] {(byte) 299, 0}, 3)).isEqualTo(-1);
        assertThat(in.heldEnd()).isEqualTo(300);
        assertThat(in.has(299, 1)).isTrue();
        assertThat(in.has(299, 2)).isFalse();
    }

    @Test
    void holdsNoMoreThanItsBound() throws IOException {
        ByteWindow in = new ByteWindow(new ByteArrayInputStream(bytes(100_000)), 70_000);
        assertThat(in.has(0, 70_000)).isTrue();
        assertThatThrownBy(() -> in.has(0, 70_001)).isInstanceOf(ByteWindow.WindowFullException.class);
        in.seek(60_000);
        in.release();
        assertThat(in.has(60_000, 40_000)).isTrue();
        assertThat(in.has(60_000, 40_001)).isFalse();
    }
}
