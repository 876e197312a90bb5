package dev.weir.connectors.pulsar;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.impl.PulsarClientImpl;
import org.apache.pulsar.common.api.proto.CommandGetTopicsOfNamespace;
import org.apache.pulsar.common.naming.NamespaceName;
import org.apache.pulsar.common.naming.TopicName;

/**
 * The topics a table reads: a list of full names, or a regular expression over the full names of
 * one namespace's topics.
 */
record TopicSelection(List<String> names, String pattern) implements Serializable {

    private static final String DEFAULT_PREFIX = "persistent://public/default/";
    private static final long LOOKUP_TIMEOUT_SECONDS = 60;

    static TopicSelection of(List<String> names) {
        return new TopicSelection(names.stream().map(n -> TopicName.get(n.trim()).toString()).toList(), null);
    }

    /** A short pattern ('orders-.*') is over the topics of persistent://public/default. */
    static TopicSelection ofPattern(String pattern) {
        return new TopicSelection(List.of(), pattern.contains("://") ? pattern : DEFAULT_PREFIX + pattern);
    }

    /**
     * The partitions to read now: each named topic's partitions (the topic itself when it has none).
     * A pattern is matched against the topics the broker lists for the namespace, through the binary
     * protocol's lookup (the same call Pulsar's own pattern consumers make): no admin endpoint needed.
     */
    List<String> partitions(PulsarClient client) throws Exception {
        Set<String> topics = new LinkedHashSet<>(names);
        if (pattern != null) {
            Pattern regex = Pattern.compile(pattern);
            String[] tenantNamespaceRest = pattern.substring(pattern.indexOf("://") + 3).split("/", 3);
            NamespaceName namespace = NamespaceName.get(tenantNamespaceRest[0], tenantNamespaceRest[1]);
            CommandGetTopicsOfNamespace.Mode mode = pattern.startsWith("non-persistent://")
                    ? CommandGetTopicsOfNamespace.Mode.NON_PERSISTENT : CommandGetTopicsOfNamespace.Mode.PERSISTENT;
            List<String> listed = ((PulsarClientImpl) client).getLookup()
                    .getTopicsUnderNamespace(namespace, mode, null, null)
                    .get(LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS).getTopics();
            for (String topic : listed) {
                String parent = TopicName.get(topic).getPartitionedTopicName();
                if (regex.matcher(parent).matches()) {
                    topics.add(parent);
                }
            }
        }
        List<String> partitions = new ArrayList<>();
        for (String topic : topics) {
            partitions.addAll(client.getPartitionsForTopic(topic).get(LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        return partitions;
    }

    @Override
    public String toString() {
        return pattern != null ? "the topics matching '" + pattern + "'" : String.join(", ", names);
    }
}
