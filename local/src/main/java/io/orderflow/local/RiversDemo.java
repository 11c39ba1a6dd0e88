package io.orderflow.local;

import io.orderflow.jobs.RiversJob;
import io.orderflow.jobs.cli.CommandErrors;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.cli.Range;
import io.orderflow.jobs.kafka.OutputGuard;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.RiversOptions;
import io.orderflow.local.cli.WebUiPort;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderWriter;
import io.orderflow.testkit.generate.TopicNames;
import io.orderflow.testkit.kafka.KafkaBroker;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./orderflow demo rivers}: the rapids and rivers pattern (contract section 8) on this
 * machine. The order flow publishes its outputs to a rapids topic, a few other services add their
 * events, and the rivers job sorts them into four example rivers; the summary says what went where.
 */
@Command(
        name = "rivers",
        sortOptions = false,
        description = {
            "the rapids and rivers pattern: the rivers job over the order flow's outputs",
            "Starts a local Kafka broker, runs order-processing over sample orders with"
                + " --rapids-topic rapids, adds a few other services' events to the rapids, runs"
                + " the rivers job with four example rivers, and prints what went where."
        },
        footer = {"", "Exit codes: 0 done, 2 a usage mistake, 4 the run itself failed."})
final class RiversDemo implements Callable<Integer> {

    @Mixin private HelpOption help;

    @Option(
            names = "--orders",
            paramLabel = "N",
            description = "orders to generate (default ${DEFAULT-VALUE})")
    @Range(min = 1, max = 10_000_000)
    private long orders = 20_000;

    @Mixin private WebUiPort webUi;

    @Option(
            names = "--keep",
            description =
                    "keep the temporary folder (broker data, checkpoints, the rivers spec)"
                            + " afterwards")
    private boolean keep;

    private final PrintStream out;
    private final PrintStream err;

    private RiversDemo(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static RiversDemo printingTo(PrintStream out, PrintStream err) {
        return new RiversDemo(out, err);
    }

    /** The example rivers: shown to the user, and what the rivers job reads. */
    static final String SPEC =
            String.join(
                    "\n",
                    "rivers:",
                    "  - name: big-refunds            # refunds of 100.00 or more, for the finance"
                            + " team",
                    "    precondition:",
                    "      type: [RefundIssued]",
                    "    validate:",
                    "      require: [orderId, amount, currency]",
                    "      where: [\"amount >= 10000\"]",
                    "    interestedIn: [orderId, amount, currency, reason]",
                    "  - name: cancelled-orders       # where is my order? only the cancellations",
                    "    precondition:",
                    "      type: [OrderStatus]",
                    "      status: [CANCELLED]",
                    "    interestedIn: [orderId, customerId, refundedAmount]",
                    "  - name: heavy-shipments        # the warehouse's parcels over 20.5 kg, test"
                            + " parcels excluded",
                    "    precondition:",
                    "      type: [ShipmentDispatched]",
                    "      forbid: [test]",
                    "    validate:",
                    "      require: [orderId, carrier]",
                    "      where: [\"weightKg > 20.5\", \"carrier in [DHL, UPS]\"]",
                    "  - name: berlin-customers       # new customers in Berlin, for the local"
                            + " team",
                    "    precondition:",
                    "      type: [CustomerRegistered]",
                    "    validate:",
                    "      where: [\"customer.address.city == Berlin\"]",
                    "    interestedIn: [customer.id, customer.address.city]",
                    "");

    private static final int PARTITIONS = 3;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("orderflow-demo-rivers-");
        try {
            demo(dir, orders, webUi.port(), out);
            return ExitCodes.OK;
        } catch (Exception e) {
            return CommandErrors.failed("demo rivers", e, err);
        } finally {
            if (keep) {
                out.println("Kept " + dir);
            } else {
                DemoCommand.deleteRecursively(dir);
            }
        }
    }

    private static void demo(Path dir, long orders, int webUiPort, PrintStream out)
            throws Exception {
        out.println("== 1/5  Starting a Kafka broker (KRaft, single node) in " + dir);
        try (KafkaBroker broker = KafkaBroker.builder().dataDir(dir.resolve("kafka")).build()) {
            broker.start();
            String bootstrap = broker.bootstrapServers();
            KafkaConnection kafka = new KafkaConnection(bootstrap, broker.clientConfig());
            TopicAdmin.createOrderProcessingTopics(
                    kafka, PARTITIONS, TopicAdmin.TopicNames.defaults());
            TopicAdmin.createTopics(kafka, Map.of(Topics.RAPIDS.name(), PARTITIONS), (short) 1);

            out.println(
                    "== 2/5  Order processing over "
                            + String.format(Locale.ROOT, "%,d", orders)
                            + " sample orders, publishing its outputs to the rapids");
            OrderWriter.produce(
                    kafka,
                    GeneratorSettings.defaults(orders).withSeed(1),
                    TopicNames.defaults(),
                    0,
                    null);
            OrderProcessingOptions orderFlow =
                    OrderProcessingOptions.parse(
                            List.of(
                                    "--bootstrap-servers",
                                    bootstrap,
                                    "--starting-offsets",
                                    "earliest",
                                    "--stop-at",
                                    "latest",
                                    "--parallelism",
                                    "2",
                                    "--group-id",
                                    "orderflow-demo-rivers",
                                    "--rapids-topic",
                                    Topics.RAPIDS.name(),
                                    "--checkpoint-dir",
                                    dir.resolve("checkpoints").toUri().toString()));
            RunCommand.runLocally(orderFlow, webUiPort, out);

            out.println(
                    "== 3/5  Other services publish to the rapids: the warehouse, payments,"
                            + " sign-ups");
            int others = publishOtherServices(kafka);
            out.println("       " + others + " events, a few of them not JSON or without a type");

            Path spec = Files.writeString(dir.resolve("rivers.yaml"), SPEC);
            out.println("== 4/5  The rivers job sorts the rapids into four rivers (" + spec + "):");
            SPEC.lines().forEach(line -> out.println("       " + line));
            RiversOptions rivers =
                    RiversOptions.parse(
                            List.of(
                                    "--bootstrap-servers",
                                    bootstrap,
                                    "--rivers",
                                    spec.toString(),
                                    "--starting-offsets",
                                    "earliest",
                                    "--stop-at",
                                    "latest",
                                    "--parallelism",
                                    "2",
                                    "--dead-letters-topic",
                                    "rivers-dead-letters",
                                    "--checkpoint-dir",
                                    dir.resolve("checkpoints").toUri().toString()));
            OutputGuard.check(rivers);
            RunCommand.runLocally(
                    RiversJob.flinkConfig(rivers),
                    2,
                    env -> RiversJob.build(env, rivers),
                    true,
                    webUiPort,
                    out);

            out.println("== 5/5  What went where (read_committed)");
            out.println();
            out.println(
                    String.format(
                            Locale.ROOT,
                            "%-26s %,10d",
                            "rapids records",
                            count(kafka, Topics.RAPIDS.name()).records));
            for (String topic : rivers.outputTopics()) {
                Read read = count(kafka, topic);
                out.println(
                        String.format(
                                Locale.ROOT,
                                "%-26s %,10d   %s",
                                topic,
                                read.records,
                                read.first == null ? "" : "e.g. " + shorten(read.first)));
            }
        }
    }

    /** Events of three other services, one of each twentieth a test record, and a few bad ones. */
    private static int publishOtherServices(KafkaConnection kafka) {
        Properties p = kafka.clientProperties("orderflow-demo-services");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        int n = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 3_000; i++) {
                String order = String.format(Locale.ROOT, "o-%06d", i * 3 + 1);
                String carrier = List.of("DHL", "UPS", "GLS").get(i % 3);
                String weight = (i % 40) + "." + (i % 10);
                String test = i % 20 == 0 ? ",\"test\":true" : "";
                send(
                        producer,
                        order,
                        "{\"type\":\"ShipmentDispatched\",\"orderId\":\""
                                + order
                                + "\",\"carrier\":\""
                                + carrier
                                + "\",\"weightKg\":"
                                + weight
                                + test
                                + "}");
                n++;
                if (i % 3 == 0) {
                    send(
                            producer,
                            order,
                            "{\"type\":\"PaymentCaptured\",\"orderId\":\""
                                    + order
                                    + "\",\"amount\":"
                                    + (i * 37 % 50_000)
                                    + "}");
                    n++;
                }
                if (i % 5 == 0) {
                    String city = List.of("Berlin", "Hamburg", "Munich").get(i % 3);
                    send(
                            producer,
                            "c-" + i,
                            "{\"type\":\"CustomerRegistered\",\"customer\":{\"id\":\"c-"
                                    + i
                                    + "\",\"name\":\"Customer "
                                    + i
                                    + "\",\"address\":{\"city\":\""
                                    + city
                                    + "\",\"street\":\"Main St "
                                    + i
                                    + "\"}}}");
                    n++;
                }
            }
            for (String bad :
                    List.of("{\"no\":\"type\"}", "not json at all", "[\"ShipmentDispatched\"]")) {
                send(producer, "bad", bad);
                n++;
            }
            producer.flush();
        }
        return n;
    }

    private static void send(KafkaProducer<String, String> producer, String key, String value) {
        producer.send(new ProducerRecord<>(Topics.RAPIDS.name(), key, value));
    }

    private record Read(long records, String first) {}

    /** Every committed record of {@code topic}, counted, and the first one's value. */
    private static Read count(KafkaConnection kafka, String topic) {
        long[] records = {0};
        String[] first = {null};
        CommittedRecords.forEach(
                kafka,
                "orderflow-demo-reader",
                topic,
                r -> {
                    if (records[0]++ == 0) {
                        first[0] = new String(r.value(), StandardCharsets.UTF_8);
                    }
                });
        return new Read(records[0], first[0]);
    }

    private static String shorten(String value) {
        String oneLine = value.replace('\n', ' ');
        return oneLine.length() <= 110 ? oneLine : oneLine.substring(0, 107) + "...";
    }
}
