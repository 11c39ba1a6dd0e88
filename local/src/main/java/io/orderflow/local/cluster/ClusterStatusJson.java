package io.orderflow.local.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * {@code ./orderflow cluster status --json}: the status as one JSON object on one line. Keys are
 * snake_case and always present (null when they do not apply, e.g. {@code job_manager} when no
 * cluster runs), numbers are JSON numbers, times are epoch milliseconds ({@code _ms}).
 *
 * <pre>
 * {"running": true, "dir": "...", "exit_code": 0,
 *  "job_manager": {"pid": 4242, "rest_address": "http://localhost:8081/", "log": "..."},
 *  "high_availability": null | {"description": "...", "zookeeper": null | {"pid": ..., "quorum": "...", "mode": "standalone", ...},
 *                               "zookeeper_stopped": false},
 *  "rest_answers": true, "rest_error": null,
 *  "flink_version": "2.2.1", "task_managers_registered": 2, "slots_total": 4, "slots_free": 2,
 *  "task_managers": [{"id": "taskmanager-1", "pid": 4343, "log": "...", "started_here": true, "registered": true,
 *                     "process_gone": false, "slots": 2, "slots_free": 1}],
 *  "task_managers_gone": [],
 *  "jobs": [{"id": "...", "name": "order-processing", "state": "RUNNING", "start_time_ms": 1764500000000, "failures": 0,
 *            "checkpoints_completed": 12, "latest_checkpoint_id": 12, "latest_checkpoint_path": "file:/...",
 *            "restored_from_kind": null, "restored_from_id": null}],
 *  "left_over": null | {"task_managers": 1, "zookeeper_runs": false, "with_high_availability": false}}
 * </pre>
 */
final class ClusterStatusJson {

    private ClusterStatusJson() {}

    static String write(ClusterStatus s) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("running", s.running());
        root.put("dir", s.dir().toString());
        root.put("exit_code", s.exitCode());
        if (s.running()) {
            root.putObject("job_manager")
                    .put("pid", s.jobManager().pid())
                    .put("rest_address", s.restAddress())
                    .put("log", path(s.jobManager().log()));
        } else {
            root.putNull("job_manager");
        }
        highAvailability(root, s.highAvailability());
        root.put("rest_answers", s.running() && s.restError() == null);
        root.put("rest_error", s.restError());
        if (s.overview() != null) {
            root.put("flink_version", s.overview().flinkVersion());
            root.put("task_managers_registered", s.overview().taskManagers());
            root.put("slots_total", s.overview().slotsTotal());
            root.put("slots_free", s.overview().slotsAvailable());
        } else {
            root.putNull("flink_version");
            root.putNull("task_managers_registered");
            root.putNull("slots_total");
            root.putNull("slots_free");
        }
        var taskManagers = root.putArray("task_managers");
        for (ClusterStatus.TaskManager tm : s.taskManagers()) {
            taskManagers
                    .addObject()
                    .put("id", tm.id())
                    .put("pid", tm.pid())
                    .put("log", path(tm.log()))
                    .put("started_here", tm.startedHere())
                    .put("registered", tm.registered())
                    .put("process_gone", tm.processGone())
                    .put("slots", tm.slots())
                    .put("slots_free", tm.slotsFree());
        }
        var gone = root.putArray("task_managers_gone");
        s.gone().forEach(gone::add);
        var jobs = root.putArray("jobs");
        for (ClusterStatus.Job job : s.jobs()) {
            job(jobs.addObject(), job);
        }
        if (s.leftOver() != null) {
            root.putObject("left_over")
                    .put("task_managers", s.leftOver().taskManagers())
                    .put("zookeeper_runs", s.leftOver().zooKeeperRuns())
                    .put("with_high_availability", s.leftOver().withHighAvailability());
        } else {
            root.putNull("left_over");
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always writes", e);
        }
    }

    private static void highAvailability(ObjectNode root, ClusterStatus.Ha ha) {
        if (ha == null) {
            root.putNull("high_availability");
            return;
        }
        ObjectNode node = root.putObject("high_availability").put("description", ha.description());
        ClusterStatus.ZooKeeper zk = ha.zooKeeper();
        if (zk == null) {
            node.putNull("zookeeper");
        } else {
            node.putObject("zookeeper")
                    .put("pid", zk.pid())
                    .put("quorum", zk.quorum())
                    .put("mode", zk.mode())
                    .put("data_dir", path(zk.dataDir()))
                    .put("log", path(zk.log()));
        }
        node.put("zookeeper_stopped", ha.zooKeeperStopped());
    }

    private static void job(ObjectNode node, ClusterStatus.Job job) {
        node.put("id", job.id())
                .put("name", job.name())
                .put("state", job.state())
                .put("start_time_ms", job.startTimeMillis() <= 0 ? null : job.startTimeMillis());
        ClusterStatus.Detail d = job.detail();
        node.put("failures", d == null ? null : d.failures());
        var cp = d == null ? null : d.latestCheckpoint();
        node.put("checkpoints_completed", cp == null ? null : cp.completedCount());
        node.put("latest_checkpoint_id", cp == null ? null : cp.id());
        node.put("latest_checkpoint_path", cp == null ? null : cp.externalPath());
        var restored = d == null ? null : d.restoredFrom();
        node.put(
                "restored_from_kind",
                restored == null ? null : restored.isSavepoint() ? "savepoint" : "checkpoint");
        node.put("restored_from_id", restored == null ? null : restored.id());
    }

    private static String path(Path p) {
        return p == null ? null : p.toString();
    }
}
