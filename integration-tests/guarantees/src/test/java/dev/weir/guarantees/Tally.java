package dev.weir.guarantees;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares what a job wrote with what it should have written, as multisets of records in a canonical
 * text form: lost records (expected more often than written), duplicated ones (written more often than
 * expected) and unexpected ones (never expected, e.g. wrong content).
 */
final class Tally {

    private final Map<String, int[]> counts = new HashMap<>(1 << 21);
    private long expected;
    private long actual;

    void expect(String record) {
        counts.computeIfAbsent(record, r -> new int[2])[0]++;
        expected++;
    }

    void actual(String record) {
        counts.computeIfAbsent(record, r -> new int[2])[1]++;
        actual++;
    }

    Result result() {
        long lost = 0;
        long duplicated = 0;
        long unexpected = 0;
        TreeSet<String> lostExamples = new TreeSet<>();
        TreeSet<String> duplicatedExamples = new TreeSet<>();
        TreeSet<String> unexpectedExamples = new TreeSet<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int want = e.getValue()[0];
            int got = e.getValue()[1];
            if (got < want) {
                lost += want - got;
                keepFew(lostExamples, e.getKey());
            } else if (got > want && want > 0) {
                duplicated += got - want;
                keepFew(duplicatedExamples, e.getKey() + " x" + got);
            } else if (got > want) {
                unexpected += got;
                keepFew(unexpectedExamples, e.getKey() + " x" + got);
            }
        }
        return new Result(expected, actual, lost, duplicated, unexpected,
                new ArrayList<>(lostExamples), new ArrayList<>(duplicatedExamples), new ArrayList<>(unexpectedExamples));
    }

    private static void keepFew(TreeSet<String> examples, String record) {
        examples.add(record);
        if (examples.size() > 5) {
            examples.pollLast();
        }
    }

    record Result(long expected, long actual, long lost, long duplicated, long unexpected,
                  List<String> lostExamples, List<String> duplicatedExamples, List<String> unexpectedExamples) {

        boolean exact() {
            return lost == 0 && duplicated == 0 && unexpected == 0 && expected == actual;
        }

        @Override
        public String toString() {
            return "expected " + expected + ", read " + actual + ", lost " + lost + " " + lostExamples
                    + ", duplicated " + duplicated + " " + duplicatedExamples
                    + ", unexpected " + unexpected + " " + unexpectedExamples;
        }
    }
}
