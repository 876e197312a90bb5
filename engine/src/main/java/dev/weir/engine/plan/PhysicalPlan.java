package dev.weir.engine.plan;

import dev.weir.api.config.Durations;
import dev.weir.api.config.SensitiveUrls;
import dev.weir.api.data.Row;
import dev.weir.engine.expr.CompiledExpression;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Collectors;

/**
 * The planned job: operators fused into chains wherever no repartitioning is needed. Every chain
 * runs with the job's parallelism, one thread per subtask; chains are connected by exchanges that
 * either keep subtask i to subtask i (forward) or hash-partition on group keys.
 */
public final class PhysicalPlan {
    private final JobConfig config;
    private final List<Chain> chains;
    private final List<PlanNode.SinkNode> sinks;
    private final BlockingQueue<Row> collectQueue;
    private final boolean bounded;

    /**
     * @param pipelineSinks the sink of each pipeline: chains are built from them back to the sources
     * @param sideSinks sinks run inside another operator's chain: late rows (in their window operator's
     *                  chain) and dead letters (in their source's chain)
     */
    PhysicalPlan(JobConfig config, List<PlanNode.SinkNode> pipelineSinks, List<PlanNode.SinkNode> sideSinks,
                 BlockingQueue<Row> collectQueue, boolean bounded) {
        this.config = config;
        List<PlanNode.SinkNode> all = new ArrayList<>(pipelineSinks);
        all.addAll(sideSinks);
        this.sinks = List.copyOf(all);
        this.collectQueue = collectQueue;
        this.bounded = bounded;
        ChainBuilder builder = new ChainBuilder(config.chaining());
        pipelineSinks.forEach(builder::chainOf);
        this.chains = List.copyOf(builder.chains);
    }

    /** A group of operators run by one thread per subtask, with direct calls between them. */
    public record Chain(int index, List<PlanNode> operators, List<Input> inputs) {
        public PlanNode head() {
            return operators.get(0);
        }

        public boolean isSource() {
            return head() instanceof PlanNode.SourceNode;
        }

        public String name() {
            return operators.stream().map(PlanNode::name).collect(Collectors.joining(" -> "));
        }
    }

    /** An exchange into a chain: from which chain, and hash-partitioned on {@code keys} or forward (subtask i to i). */
    public record Input(Chain producer, boolean isHash, List<CompiledExpression> keys) {
    }

    public JobConfig config() {
        return config;
    }

    public List<Chain> chains() {
        return chains;
    }

    /** Every sink of the job, late-row and dead-letter sinks included. */
    public List<PlanNode.SinkNode> sinks() {
        return sinks;
    }

    /** The rows of the job's collect sink; null when it has none. */
    public BlockingQueue<Row> collectQueue() {
        return collectQueue;
    }

    /** True when every source is bounded: the job finishes by itself. */
    public boolean isBounded() {
        return bounded;
    }

    /** The chains a chain's output feeds, with the exchange between them. */
    public List<Chain> consumersOf(Chain producer) {
        return chains.stream().filter(c -> c.inputs().stream().anyMatch(i -> i.producer() == producer)).toList();
    }

    /**
     * What {@code weir explain} prints: chains, their operators, parallelism and the exchanges between
     * them, with the user info of any URL an expression or name quotes masked.
     */
    public String explain() {
        StringBuilder sb = new StringBuilder("Job: ").append(config.streaming() ? "streaming" : "batch")
                .append(", parallelism ").append(config.parallelism())
                .append(config.checkpointInterval().map(i -> ", checkpoint every " + Durations.format(i)).orElse(""))
                .append('\n');
        for (Chain chain : chains) {
            sb.append("Chain ").append(chain.index()).append(" (parallelism ").append(config.parallelism()).append(")");
            if (!chain.inputs().isEmpty()) {
                sb.append(" <- ").append(chain.inputs().stream().map(i -> exchange(i) + " from chain " + i.producer().index())
                        .collect(Collectors.joining(", ")));
            }
            sb.append('\n');
            for (PlanNode op : chain.operators()) {
                sb.append("  ").append(op.name()).append("  ").append(op.outputType() == null ? "" : columns(op)).append('\n');
                if (op instanceof PlanNode.SinkNode sink) {
                    sb.append("    accepts ").append(sink.accepted())
                            .append(sink.dropsUpdateBefore() && !sink.changelog().isInsertOnly() ? ", by primary key" : "")
                            .append('\n');
                } else if (op.outputType() != null) {
                    sb.append("    ").append(op.changelog().describe(op.outputType().fieldNames())).append('\n');
                }
                if (op instanceof PlanNode.SourceNode source) {
                    sb.append("    ").append(source.boundedness()).append(source.watermark() == null ? ""
                            : ", watermark " + source.watermark().sql()).append('\n');
                    if (source.badRecords().deadLetterSink() != null) {
                        sb.append("    bad records -> ").append(source.badRecords().deadLetterSink().name()).append('\n');
                    } else if (!source.badRecords().policy().equals(BadRecords.FAIL.policy())) {
                        sb.append("    bad records: ").append(source.badRecords().policy()).append('\n');
                    }
                }
                if (op instanceof PlanNode.WindowAggregateNode w && w.lateSink() != null) {
                    sb.append("    late rows -> ").append(w.lateSink().name()).append('\n');
                }
            }
        }
        return SensitiveUrls.mask(sb.toString());
    }

    private static String exchange(Input input) {
        if (!input.isHash()) {
            return "forward";
        }
        return input.keys().isEmpty() ? "global (all rows to one subtask)"
                : "hash(" + input.keys().stream().map(CompiledExpression::sql).collect(Collectors.joining(", ")) + ")";
    }

    private static String columns(PlanNode op) {
        return op.outputType().fields().stream().map(f -> f.name() + " " + f.type()).collect(Collectors.joining(", ", "(", ")"));
    }

    private static final class ChainBuilder {
        private final boolean chaining;
        private final Map<PlanNode, Chain> chainOfNode = new IdentityHashMap<>();
        private final List<Chain> chains = new ArrayList<>();

        ChainBuilder(boolean chaining) {
            this.chaining = chaining;
        }

        Chain chainOf(PlanNode node) {
            Chain existing = chainOfNode.get(node);
            if (existing != null) {
                return existing;
            }
            List<PlanNode> inputs = effectiveInputs(node);
            Chain chain;
            if (node instanceof PlanNode.SourceNode) {
                chain = newChain(node, List.of());
            } else if (chaining && inputs.size() == 1 && !node.keyed()) {
                chain = chainOf(inputs.get(0));
                chain.operators().add(node);
            } else {
                List<Input> chainInputs = new ArrayList<>();
                for (PlanNode input : inputs) {
                    chainInputs.add(new Input(chainOf(input), node.keyed(), node.partitionKeys()));
                }
                chain = newChain(node, chainInputs);
            }
            chainOfNode.put(node, chain);
            return chain;
        }

        private Chain newChain(PlanNode head, List<Input> inputs) {
            List<PlanNode> ops = new ArrayList<>();
            ops.add(head);
            Chain chain = new Chain(chains.size() + 1, ops, inputs);
            chains.add(chain);
            return chain;
        }

        /** Unions have no operator: their consumers read every union input directly. */
        private static List<PlanNode> effectiveInputs(PlanNode node) {
            List<PlanNode> out = new ArrayList<>();
            for (PlanNode input : node.inputs()) {
                if (input instanceof PlanNode.UnionNode) {
                    out.addAll(effectiveInputs(input));
                } else {
                    out.add(input);
                }
            }
            return out;
        }
    }
}
