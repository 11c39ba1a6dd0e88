package io.orderflow.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.kafka.BrokerWatch;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The watch behind watermark idleness sees a broker outage begin and end. */
class BrokerWatchIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void reachabilityFollowsTheBrokerDownAndUpAgain() throws Exception {
        String topic = KafkaTestSupport.uniqueTopicPrefix() + "orders";
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), Map.of(topic, 3));
        BrokerWatch watch =
                BrokerWatch.of(
                        new BrokerWatch.Key(KAFKA.bootstrapServers(), Map.of(), List.of(topic)));

        long upFor = await(watch, n -> n > 0, "the brokers to be seen answering");
        assertThat(await(watch, n -> n > upFor, "the time they answered to grow"))
                .isGreaterThan(upFor);

        KAFKA.broker().stop();
        await(watch, n -> n == 0, "the outage to be seen");

        KAFKA.broker().start();
        await(watch, n -> n > 0, "the brokers to be seen answering again");
    }

    private static long await(BrokerWatch watch, LongPredicate condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            long reachableFor = watch.reachableForNanos();
            if (condition.test(reachableFor)) {
                return reachableFor;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + DEADLINE + " waiting for " + what);
    }
}
