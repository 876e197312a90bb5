package dev.weir.engine.testing;

import java.util.ArrayList;
import java.util.List;

/** What a terminal shows, for tests of console output that redraws a line in place. */
public final class TerminalScreen {
    private TerminalScreen() {
    }

    /**
     * The lines a terminal shows for what was written to it: '\r' returns to the start of the line,
     * ESC [ K erases from there to its end, other characters overwrite what is under the cursor.
     */
    public static List<String> screen(String written) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int column = 0;
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (c == '\n') {
                lines.add(line.toString());
                line.setLength(0);
                column = 0;
            } else if (c == '\r') {
                column = 0;
            } else if (written.startsWith("\033[K", i)) {
                line.setLength(column);
                i += 2;
            } else {
                if (column < line.length()) {
                    line.setCharAt(column, c);
                } else {
                    line.append(c);
                }
                column++;
            }
        }
        lines.add(line.toString());
        return lines;
    }
}
