package io.orderflow.testkit;

import java.nio.file.Path;

/**
 * Where every command keeps its local state (the broker, the cluster, checkpoints, savepoints, the
 * runs it started): one {@code .orderflow/} folder at {@code $ORDERFLOW_HOME} (the repository, as
 * the {@code orderflow} script sets it), whatever folder a command is run from; without it, the
 * working folder.
 */
public final class StateDirs {

    public static final String FOLDER = ".orderflow";

    private StateDirs() {}

    /** {@code parts} under the state folder of this process's {@code ORDERFLOW_HOME}. */
    public static Path of(String... parts) {
        return under(System.getenv("ORDERFLOW_HOME"), parts);
    }

    /**
     * {@code parts} under {@code home}'s state folder, or the working folder's when {@code home} is
     * null or blank.
     */
    static Path under(String home, String... parts) {
        Path root =
                (home == null || home.isBlank() ? Path.of("") : Path.of(home))
                        .toAbsolutePath()
                        .normalize()
                        .resolve(FOLDER);
        for (String p : parts) {
            root = root.resolve(p);
        }
        return root;
    }
}
