package io.orderflow.local.cluster;

import static io.orderflow.local.cluster.ClusterFaultITCase.OUTPUTS;
import static io.orderflow.local.cluster.ClusterFaultITCase.log;

import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What {@link ClusterFaultITCase} checks on the broker at the end: open transactions, and the
 * committed outputs against the clean run's.
 */
final class FaultRunOutputs {

    private FaultRunOutputs() {}

    record Transaction(String id, TransactionState state) {}

    static List<Transaction> openTransactions(String bootstrap) throws Exception {
        try (Admin admin = TopicAdmin.admin(bootstrap)) {
            Collection<TransactionListing> all =
                    admin.listTransactions().all().get(30, TimeUnit.SECONDS);
            log("transactions on the broker: %d, by state %s", all.size(), countByState(all));
            return all.stream()
                    .filter(
                            t ->
                                    Set.of(
                                                    TransactionState.ONGOING,
                                                    TransactionState.PREPARE_COMMIT,
                                                    TransactionState.PREPARE_ABORT,
                                                    TransactionState.PREPARE_EPOCH_FENCE)
                                            .contains(t.state()))
                    .map(t -> new Transaction(t.transactionalId(), t.state()))
                    .toList();
        }
    }

    private static Map<TransactionState, Long> countByState(Collection<TransactionListing> all) {
        Map<TransactionState, Long> counts = new LinkedHashMap<>();
        all.forEach(t -> counts.merge(t.state(), 1L, Long::sum));
        return counts;
    }

    /**
     * Every committed output of the run writing to {@code prefix}+topic, as {@code kind key
     * timestamp value}, counted.
     */
    static Map<String, Long> committedOutputs(String bootstrap, String prefix) {
        Map<String, Long> counts = new HashMap<>();
        for (String topic : OUTPUTS) {
            for (ConsumerRecord<String, String> r :
                    KafkaTestSupport.readCommitted(
                            bootstrap, prefix + topic, 0, Duration.ofMinutes(5))) {
                counts.merge(
                        topic + " " + r.key() + " " + r.timestamp() + " " + r.value(),
                        1L,
                        Long::sum);
            }
        }
        return counts;
    }

    static boolean printDifferences(Map<String, Long> faulty, Map<String, Long> reference) {
        List<String> extra = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        faulty.forEach(
                (r, n) -> {
                    for (long i = reference.getOrDefault(r, 0L); i < n; i++) {
                        extra.add(r);
                    }
                });
        reference.forEach(
                (r, n) -> {
                    for (long i = faulty.getOrDefault(r, 0L); i < n; i++) {
                        missing.add(r);
                    }
                });
        if (extra.isEmpty() && missing.isEmpty()) {
            log(
                    "committed outputs equal the clean run's: %,d records",
                    reference.values().stream().mapToLong(Long::longValue).sum());
            return true;
        }
        extra.sort(null);
        missing.sort(null);
        log(
                "%d outputs only after the faults, %d only in the clean run; first ones:",
                extra.size(), missing.size());
        extra.stream().limit(10).forEach(r -> System.out.println("  + " + r));
        missing.stream().limit(10).forEach(r -> System.out.println("  - " + r));
        return false;
    }
}
