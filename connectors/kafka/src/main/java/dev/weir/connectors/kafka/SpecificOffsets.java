package dev.weir.connectors.kafka;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Flink's 'partition:0,offset:42;partition:1,offset:300' notation. */
final class SpecificOffsets {

    private static final Pattern ENTRY = Pattern.compile("\\s*partition\\s*:\\s*(\\d+)\\s*,\\s*offset\\s*:\\s*(\\d+)\\s*");

    private SpecificOffsets() {
    }

    static Map<Integer, Long> parse(String key, String text, List<String> problems) {
        Map<Integer, Long> offsets = new TreeMap<>();
        if (text == null) {
            return offsets;
        }
        for (String entry : text.split(";")) {
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                problems.add("option '" + key + "': '" + entry.trim() + "' is not 'partition:<n>,offset:<n>' (entries separated by ';').");
                continue;
            }
            offsets.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
        }
        return offsets;
    }
}
