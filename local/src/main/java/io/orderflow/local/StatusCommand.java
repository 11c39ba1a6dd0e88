package io.orderflow.local;

import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.cli.KafkaOptions;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.Topics;
import io.orderflow.schemas.json.EventCodec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./orderflow status ORDER_ID...}: "where is my order?" from the compacted order-status
 * topic (contract section 7). Reads, with {@code read_committed}, only the partitions that hold the
 * keys asked for (the job's producer places a key as Kafka's default partitioner does), up to their
 * end, and prints each order's latest status; {@code --follow} then waits for changes.
 */
@Command(
        name = "status",
        sortOptions = false,
        description = {
            "where is my order? each order's latest status from the order-status topic",
            "Prints the latest status of each order (the compacted order-status topic, key"
                    + " orderId): its status, amounts and lines."
        },
        footer = {
            "",
            "Exit code 0 when every order has a status, "
                    + StatusCommand.UNKNOWN_ORDER
                    + " when one is unknown, "
                    + ExitCodes.USAGE
                    + " for a usage mistake, "
                    + ExitCodes.UNREACHABLE
                    + " when Kafka does not answer or the topic is missing, "
                    + ExitCodes.FAILED
                    + " when the command itself failed."
        })
public final class StatusCommand implements Callable<Integer> {

    /**
     * Exit code when an order asked for has no status (not placed, not yet read, or another topic).
     */
    public static final int UNKNOWN_ORDER = ExitCodes.CHECK_FAILED;

    private static final Duration POLL = CommittedRecords.POLL;
    private static final Duration API_TIMEOUT = CommittedRecords.API_TIMEOUT;

    @Mixin private HelpOption help;

    @Parameters(paramLabel = "ORDER_ID", arity = "1..*", description = "the orders to show")
    private List<String> orderIds = new ArrayList<>();

    @Mixin private KafkaOptions kafkaOptions;

    @Option(
            names = "--status-topic",
            paramLabel = "T",
            description = "the order-status topic (default ${DEFAULT-VALUE})")
    private String topic = Topics.ORDER_STATUS.name();

    @Option(
            names = "--json",
            description =
                    "print each order's latest status record as it is on the topic, one per line")
    private boolean json;

    @Option(
            names = "--follow",
            description = "then wait for changes and print each as it comes (Ctrl-C to stop)")
    private boolean follow;

    private final PrintStream out;
    private final BooleanSupplier stop;
    private final EventCodec codec = new EventCodec();
    private KafkaConnection kafka;

    private StatusCommand(PrintStream out, BooleanSupplier stop) {
        this.out = out;
        this.stop = stop;
    }

    /** The command for the command line: it follows until interrupted. */
    public static StatusCommand printingTo(PrintStream out) {
        return new StatusCommand(out, () -> false);
    }

    public static int run(List<String> argv) throws Exception {
        return run(argv, System.out, () -> false);
    }

    /**
     * {@code stop}: asked between polls while following; the command line follows until
     * interrupted.
     */
    static int run(List<String> argv, PrintStream out, BooleanSupplier stop) throws Exception {
        StatusCommand command = new StatusCommand(out, stop);
        return Commands.parse(command, argv, out) ? command.call() : ExitCodes.OK;
    }

    @Override
    public Integer call() {
        kafka = kafkaOptions.connection();
        return show(new ArrayList<>(new LinkedHashSet<>(orderIds)), follow, stop);
    }

    private int show(List<String> orderIds, boolean follow, BooleanSupplier stop) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        CommittedRecords.consumerProperties(kafka, "orderflow-status"))) {
            Map<String, TopicPartition> partitionOf = partitions(consumer, orderIds);
            Set<TopicPartition> assigned = new LinkedHashSet<>(partitionOf.values());
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, API_TIMEOUT);
            Map<String, ConsumerRecord<byte[], byte[]>> latest = new HashMap<>();
            while (!CommittedRecords.readTo(consumer, ends)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    keep(r, orderIds, latest);
                }
            }
            int unknown = 0;
            for (String orderId : orderIds) {
                ConsumerRecord<byte[], byte[]> r = latest.get(orderId);
                if (r == null) {
                    unknown++;
                    out.println("order " + orderId + ": unknown (no status on " + topic + ")");
                } else {
                    print(r);
                }
            }
            if (!follow) {
                return unknown == 0 ? 0 : UNKNOWN_ORDER;
            }
            while (!stop.getAsBoolean()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    if (keep(r, orderIds, latest)) {
                        print(r);
                    }
                }
            }
            return 0;
        } catch (org.apache.kafka.common.KafkaException e) {
            String security = kafka.securityProblem(e);
            throw new UnreachableException(
                    security != null
                            ? security
                            : "cannot read "
                                    + topic
                                    + " on "
                                    + kafka.bootstrapServers()
                                    + ": "
                                    + e.getMessage());
        }
    }

    /**
     * How many orders have each latest status on {@code topic}: the whole topic read to its end
     * (read_committed), an order counted once, by its record of the highest seq.
     */
    public static Map<OrderStatus.Status, Long> latestCounts(KafkaConnection kafka, String topic) {
        EventCodec codec = new EventCodec();
        Map<String, OrderStatus> latest = new HashMap<>();
        CommittedRecords.forEach(
                kafka,
                "orderflow-status",
                topic,
                r -> {
                    OrderStatus s = codec.decodeStatus(r.value());
                    latest.merge(
                            s.orderId(), s, (kept, next) -> next.seq() > kept.seq() ? next : kept);
                });
        Map<OrderStatus.Status, Long> counts = new java.util.EnumMap<>(OrderStatus.Status.class);
        for (OrderStatus.Status status : OrderStatus.Status.values()) {
            counts.put(status, 0L);
        }
        latest.values().forEach(s -> counts.merge(s.status(), 1L, Long::sum));
        return counts;
    }

    /** Where each order's records are: the partition Kafka's default partitioner gives its key. */
    private Map<String, TopicPartition> partitions(
            KafkaConsumer<byte[], byte[]> consumer, List<String> orderIds) {
        List<PartitionInfo> info = consumer.partitionsFor(topic, API_TIMEOUT);
        if (info == null || info.isEmpty()) {
            throw new UnreachableException(
                    "--status-topic '" + topic + "' does not exist on " + kafka.bootstrapServers());
        }
        Map<String, TopicPartition> partitionOf = new LinkedHashMap<>();
        for (String orderId : orderIds) {
            int partition =
                    Utils.toPositive(Utils.murmur2(orderId.getBytes(StandardCharsets.UTF_8)))
                            % info.size();
            partitionOf.put(orderId, new TopicPartition(topic, partition));
        }
        return partitionOf;
    }

    /**
     * Keeps a record of an order asked for when it is newer (by seq) than what is kept; true when
     * kept.
     */
    private boolean keep(
            ConsumerRecord<byte[], byte[]> r,
            List<String> orderIds,
            Map<String, ConsumerRecord<byte[], byte[]>> latest) {
        if (r.key() == null || r.value() == null) {
            return false;
        }
        String orderId = new String(r.key(), StandardCharsets.UTF_8);
        if (!orderIds.contains(orderId)) {
            return false;
        }
        ConsumerRecord<byte[], byte[]> kept = latest.get(orderId);
        if (kept != null && seq(kept) >= seq(r)) {
            return false;
        }
        latest.put(orderId, r);
        return true;
    }

    private int seq(ConsumerRecord<byte[], byte[]> r) {
        return codec.decodeStatus(r.value()).seq();
    }

    private void print(ConsumerRecord<byte[], byte[]> r) {
        if (json) {
            out.println(new String(r.value(), StandardCharsets.UTF_8));
            return;
        }
        OrderStatus s = codec.decodeStatus(r.value());
        out.printf(
                "order %s  %s  (seq %d, at %s)  customer %s  confirmed %d %s  refunded %d %s%n",
                s.orderId(),
                s.status(),
                s.seq(),
                EventCodec.formatInstant(s.occurredAt()),
                s.customerId(),
                s.confirmedAmount(),
                s.currency(),
                s.refundedAmount(),
                s.currency());
        out.printf(
                "  %-4s %-20s %8s %10s  %-9s %s%n",
                "line", "sku", "quantity", "unitPrice", "state", "reservedAt");
        for (int i = 0; i < s.lines().size(); i++) {
            OrderStatus.Line line = s.lines().get(i);
            out.printf(
                    "  %-4d %-20s %8d %10d  %-9s %s%n",
                    i,
                    line.sku(),
                    line.quantity(),
                    line.unitPrice(),
                    line.state(),
                    line.wasReserved() ? EventCodec.formatInstant(line.reservedAt()) : "");
        }
    }
}
