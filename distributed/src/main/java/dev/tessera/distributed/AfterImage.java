package dev.tessera.distributed;

import java.io.Serializable;

/**
 * Called in a Spark task after each image it finished, with how many it has finished so far. The production job
 * passes {@link #NONE}; a test throws from here to fail an attempt half-way through its slice.
 */
@FunctionalInterface
public interface AfterImage extends Serializable {

    AfterImage NONE = finished -> {};

    void finished(int imagesSoFar);
}
