package dev.tessera.distributed;

import java.io.Serializable;

/**
 * A finished image of a task: the file that holds it and whether this attempt rendered it or found it already
 * written (by an earlier attempt, a speculative twin or an earlier run) with the same recipe.
 */
public record ImageResult(String jobId, long seed, String file, boolean rendered) implements Serializable {

    private static final long serialVersionUID = 1L;
}
