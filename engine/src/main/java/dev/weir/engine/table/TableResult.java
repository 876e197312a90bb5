package dev.weir.engine.table;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.engine.plan.PhysicalPlan;
import dev.weir.engine.runtime.JobExecution;
import dev.weir.engine.runtime.JobFailedException;
import dev.weir.engine.runtime.SourceCounts;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The result of running a table: the job itself, and for {@code execute()} its rows, which can be
 * iterated while an unbounded job runs ({@link #collect()}) or printed ({@link #print()}).
 */
public final class TableResult {
    private final JobExecution job;
    private final PhysicalPlan plan;
    private final DataType rowType;
    private final PrintStream out;

    TableResult(JobExecution job, PhysicalPlan plan, DataType rowType, PrintStream out) {
        this.job = job;
        this.plan = plan;
        this.rowType = rowType;
        this.out = out;
    }

    public JobExecution getJobExecution() {
        return job;
    }

    /** Per source, the records read and what became of them (emitted, skipped, dead-lettered); final once the job ended. */
    public List<SourceCounts> getSourceCounts() {
        return job.sourceCounts();
    }

    public DataType getRowType() {
        return rowType;
    }

    /** Waits until the job ends; throws {@link JobFailedException} when it failed. */
    public void await() {
        job.await();
    }

    /** The rows as they arrive. Closing the iterator cancels the job if it is still running. */
    public CloseableIterator<Row> collect() {
        BlockingQueue<Row> rows = plan.collectQueue();
        if (rows == null) {
            throw new IllegalStateException("This result comes from executeInsert: it has no rows to collect.");
        }
        return new CloseableIterator<>() {
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    try {
                        next = rows.poll(20, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                    if (next == null && job.completion().isDone()) {
                        next = rows.poll();
                        if (next == null) {
                            job.await();
                            return false;
                        }
                    }
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = next;
                next = null;
                return row;
            }

            @Override
            public void close() {
                if (!job.completion().isDone()) {
                    job.cancel();
                    rows.clear();
                    job.completion().join();
                }
            }
        };
    }

    /**
     * Prints the rows as a table, as Flink does: a bounded result at the end with its row count; an
     * unbounded one row by row as rows arrive. Streaming results show the change kind (+I, -U, +U, -D).
     */
    public void print() {
        boolean showKind = plan.config().streaming();
        List<String> header = new ArrayList<>();
        if (showKind) {
            header.add("op");
        }
        header.addAll(rowType.fieldNames());
        try (CloseableIterator<Row> it = collect()) {
            if (plan.isBounded()) {
                List<List<String>> cells = new ArrayList<>();
                while (it.hasNext()) {
                    cells.add(cells(it.next(), showKind));
                }
                printTable(header, cells);
            } else {
                int width = 20;
                String border = border(header.size(), width);
                out.println(border);
                out.println(line(header, width));
                out.println(border);
                while (it.hasNext()) {
                    out.println(line(cells(it.next(), showKind), width));
                }
            }
        }
    }

    private void printTable(List<String> header, List<List<String>> rows) {
        if (rows.isEmpty()) {
            out.println("Empty set");
            return;
        }
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        StringBuilder border = new StringBuilder("+");
        for (int w : widths) {
            border.append("-".repeat(w + 2)).append('+');
        }
        out.println(border);
        out.println(line(header, widths));
        out.println(border);
        for (List<String> r : rows) {
            out.println(line(r, widths));
        }
        out.println(border);
        out.println(rows.size() + (rows.size() == 1 ? " row" : " rows") + " in set");
    }

    private static List<String> cells(Row row, boolean showKind) {
        List<String> cells = new ArrayList<>();
        if (showKind) {
            cells.add(row.kind().shortString());
        }
        for (int i = 0; i < row.arity(); i++) {
            Object v = row.getField(i);
            cells.add(v == null ? "<NULL>" : v.toString());
        }
        return cells;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < cells.size(); i++) {
            sb.append(' ').append(" ".repeat(widths[i] - cells.get(i).length())).append(cells.get(i)).append(" |");
        }
        return sb.toString();
    }

    private static String line(List<String> cells, int width) {
        int[] widths = new int[cells.size()];
        List<String> clipped = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            clipped.add(c.length() > width ? c.substring(0, width - 3) + "..." : c);
            widths[i] = width;
        }
        return line(clipped, widths);
    }

    private static String border(int columns, int width) {
        return "+" + ("-".repeat(width + 2) + "+").repeat(columns);
    }
}
