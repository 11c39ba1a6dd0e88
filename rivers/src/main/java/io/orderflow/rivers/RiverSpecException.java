package io.orderflow.rivers;

/**
 * A mistake in a river spec (contract section 8). The message is one line naming the river and the
 * mistake, and for a YAML file also the file and the line, so a CLI prints it as it is: {@code
 * rivers.yaml line 7, river big-refunds: where rule "amount >=" does not parse: a literal is
 * missing}.
 */
public final class RiverSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String mistake;

    /** A mistake not yet placed in a river or a file. */
    public RiverSpecException(String mistake) {
        this(mistake, mistake);
    }

    private RiverSpecException(String message, String mistake) {
        super(message);
        this.mistake = mistake;
    }

    /** The mistake in a river named by {@code river} (a name, or {@code #2} for an unnamed one). */
    static RiverSpecException inRiver(String river, String mistake) {
        return new RiverSpecException(riverLabel(river) + ": " + mistake, mistake);
    }

    /** The mistake at a line of a file, in a river when {@code river} is not null. */
    static RiverSpecException at(String source, int line, String river, String mistake) {
        String where = source + " line " + line;
        return new RiverSpecException(
                where + (river == null ? "" : ", " + riverLabel(river)) + ": " + mistake, mistake);
    }

    private static String riverLabel(String river) {
        return "river " + river;
    }

    /** The mistake alone, without the file, line and river. */
    public String mistake() {
        return mistake;
    }
}
