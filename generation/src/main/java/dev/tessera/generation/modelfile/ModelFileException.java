package dev.tessera.generation.modelfile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one failure a model file can cause: the message always names the file and the problem, so
 * the app can show it to the user unchanged.
 */
public final class ModelFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public ModelFileException(Path file, String problem) {
        this(file, problem, null);
    }

    public ModelFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + shortened(problem), cause);
        this.file = file;
        this.problem = shortened(problem);
    }

    /** Longest problem text kept: a hostile header (a huge name, a shape of rank 100,000) must not make a huge message. */
    static final int MAX_PROBLEM_LENGTH = 400;

    private static String shortened(String problem) {
        return problem == null || problem.length() <= MAX_PROBLEM_LENGTH ? problem
                : problem.substring(0, MAX_PROBLEM_LENGTH - 30) + "... (" + problem.length() + " characters)";
    }

    public Path file() {
        return file;
    }

    /** The problem without the file name. */
    public String problem() {
        return problem;
    }
}
