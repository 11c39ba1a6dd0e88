package io.orderflow.jobs.kafka;

import io.orderflow.jobs.JobParameters;
import io.orderflow.jobs.options.JobRun;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.jobs.rest.RestClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;

/**
 * With exactly-once delivery, refuses a job whose transactional id prefix another running job
 * writes with: two writers of one prefix fence each other's producers and abort each other's
 * transactions. Seen on the brokers (a job that writes registers new transactional ids at every
 * checkpoint) and, for a job on the same Flink cluster that has nothing to write yet, in the
 * cluster's REST API (the {@value JobParameters#TRANSACTIONAL_ID_PREFIX} global job parameter).
 */
final class TransactionalIdPrefixCheck {

    private static final Duration MIN_OBSERVATION = Duration.ofSeconds(3);
    private static final Duration MAX_OBSERVATION = Duration.ofSeconds(30);
    private static final int EXAMPLES = 3;
    private static final Duration REST_TIMEOUT = Duration.ofSeconds(5);
    private static final String ONE_PREFIX_PER_JOB =
            "Two jobs with one prefix abort each other's transactions. Stop the other job first (to"
                + " upgrade it: stop it with a savepoint and resume from that), or give this one"
                + " its own --transactional-id-prefix (or --output-prefix / --group-id, from which"
                + " the default derives)";

    private TransactionalIdPrefixCheck() {}

    /** The cluster's REST API first, then the brokers; progress notes go to {@code out}. */
    static void check(Admin admin, JobRun o, ReadableConfig flink, PrintStream out)
            throws InterruptedException {
        checkCluster(o, flink);
        checkBrokers(admin, o, observationWindow(flink), out);
    }

    /**
     * A running KafkaSink shows itself on the brokers: at every checkpoint each subtask registers a
     * new transactional id {@code <prefix>-<subtask>-<n>} (or, when it pools ids, begins a new
     * transaction on one). Ids of a job that ended stay listed but never change. So the listing is
     * taken twice, a few checkpoint intervals apart, and any id that appeared or began a
     * transaction in between is another job at work. Nothing to wait for when the prefix was never
     * used.
     */
    private static void checkBrokers(Admin admin, JobRun o, Duration window, PrintStream out)
            throws InterruptedException {
        String prefix = o.transactionalIdPrefix() + "-";
        Map<String, TransactionListing> before = transactions(admin, o, prefix);
        if (before == null || before.isEmpty()) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "Checking that no running job writes with transactional id prefix %s (%d s)...%n",
                o.transactionalIdPrefix(),
                window.toSeconds());
        long startedAt = System.currentTimeMillis();
        // Observing another job needs time to pass: there is nothing of ours to wait on.
        Thread.sleep(window.toMillis());
        Map<String, TransactionListing> after = transactions(admin, o, prefix);
        if (after == null) {
            return;
        }
        List<String> evidence = new ArrayList<>();
        List<String> ongoingInBoth = new ArrayList<>();
        for (TransactionListing now : after.values()) {
            TransactionListing was = before.get(now.transactionalId());
            if (was == null) {
                evidence.add(now.transactionalId() + " appeared");
            } else if (was.producerId() != now.producerId()) {
                evidence.add(now.transactionalId() + " got a new producer");
            } else if (now.state() == TransactionState.ONGOING
                    && was.state() != TransactionState.ONGOING) {
                evidence.add(now.transactionalId() + " began a transaction");
            } else if (now.state() == TransactionState.ONGOING) {
                ongoingInBoth.add(now.transactionalId());
            }
        }
        if (evidence.isEmpty() && !ongoingInBoth.isEmpty()) {
            evidence.addAll(transactionsBegunSince(admin, ongoingInBoth, startedAt));
        }
        if (!evidence.isEmpty()) {
            throw new UsageException(
                    "transactional id prefix '"
                            + o.transactionalIdPrefix()
                            + "' is in use by another running job on "
                            + o.bootstrapServers()
                            + " (in the last "
                            + window.toSeconds()
                            + " s: "
                            + String.join(
                                    ", ", evidence.subList(0, Math.min(EXAMPLES, evidence.size())))
                            + (evidence.size() > EXAMPLES ? ", ..." : "")
                            + "). "
                            + ONE_PREFIX_PER_JOB);
        }
    }

    /**
     * Running jobs of the Flink cluster this submission goes to (flink run against a session
     * cluster) that declare the same prefix. Best effort: a cluster that does not answer within a
     * few seconds is left to the brokers' check.
     */
    private static void checkCluster(JobRun o, ReadableConfig flink) throws InterruptedException {
        if (!"remote".equals(flink.get(DeploymentOptions.TARGET))) {
            return;
        }
        String base =
                "http://"
                        + flink.getOptional(RestOptions.ADDRESS).orElse("localhost")
                        + ":"
                        + flink.get(RestOptions.PORT);
        RestClient rest = new RestClient(URI.create(base + "/"), REST_TIMEOUT, REST_TIMEOUT);
        List<String> holders = new ArrayList<>();
        try {
            for (RestClient.Job job : rest.runningJobs()) {
                if (o.transactionalIdPrefix()
                        .equals(
                                rest.userConfig(job.id())
                                        .path(JobParameters.TRANSACTIONAL_ID_PREFIX)
                                        .asText(null))) {
                    holders.add(job.id() + " (" + job.state() + ")");
                }
            }
        } catch (IOException e) {
            return;
        }
        if (!holders.isEmpty()) {
            throw new UsageException(
                    "transactional id prefix '"
                            + o.transactionalIdPrefix()
                            + "' is in use by job "
                            + String.join(", ", holders)
                            + " on "
                            + base
                            + ". "
                            + ONE_PREFIX_PER_JOB);
        }
    }

    /**
     * The transactions whose id starts with {@code prefix}, by id; null when the brokers cannot
     * list them.
     */
    private static Map<String, TransactionListing> transactions(
            Admin admin, JobRun o, String prefix) throws InterruptedException {
        try {
            Map<String, TransactionListing> mine = new TreeMap<>();
            for (TransactionListing t :
                    admin.listTransactions()
                            .all()
                            .get(KafkaPreflight.TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                if (t.transactionalId().startsWith(prefix)) {
                    mine.put(t.transactionalId(), t);
                }
            }
            return mine;
        } catch (TimeoutException e) {
            throw new UsageException(
                    "--bootstrap-servers "
                            + o.bootstrapServers()
                            + ": the brokers did not list their transactions within "
                            + KafkaPreflight.TIMEOUT.toSeconds()
                            + " s");
        } catch (ExecutionException e) {
            // Brokers too old to list transactions, or not allowed to: the check cannot be made.
            return null;
        }
    }

    private static List<String> transactionsBegunSince(Admin admin, List<String> ids, long sinceMs)
            throws InterruptedException {
        List<String> begun = new ArrayList<>();
        try {
            Map<String, TransactionDescription> described =
                    admin.describeTransactions(ids)
                            .all()
                            .get(KafkaPreflight.TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            described.forEach(
                    (id, d) -> {
                        if (d.transactionStartTimeMs().isPresent()
                                && d.transactionStartTimeMs().getAsLong() >= sinceMs) {
                            begun.add(id + " began a transaction");
                        }
                    });
        } catch (TimeoutException | ExecutionException e) {
            // The listing alone decides.
        }
        return begun;
    }

    /** Long enough to see two checkpoints of a job like this one. */
    private static Duration observationWindow(ReadableConfig flink) {
        Duration interval =
                flink.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)
                        .orElse(Duration.ofSeconds(2));
        Duration window = interval.multipliedBy(2).plusSeconds(1);
        if (window.compareTo(MIN_OBSERVATION) < 0) {
            return MIN_OBSERVATION;
        }
        return window.compareTo(MAX_OBSERVATION) > 0 ? MAX_OBSERVATION : window;
    }
}
