package dev.tessera.distributed;

import java.io.Serializable;
import java.util.Objects;

/**
 * One image of a queue job, as a Spark task receives it: plain strings, so it serializes without the app's types.
 *
 * @param settings     the image's recipe as JSON ({@link dev.tessera.app.generate.Recipe#toJson}) with the driver's
 *                     model hash; its width is 0 until the executor's model says it (the executor checks the hash)
 * @param outputFolder where the image goes ({@link ImageFolder#at}): the job's output folder, a path every executor
 *                     sees (a local disk on local[*], a shared one on a cluster), or the run's {@code --out}, which
 *                     may be a Hadoop file system's URI
 * @param label        what a sweep's file names carry after the prompt ({@link dev.tessera.app.queue.Job#fileLabel})
 */
public record ImageTask(String jobId, long seed, String settings, String outputFolder, String modelFile, String label)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public ImageTask {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(outputFolder, "outputFolder");
        Objects.requireNonNull(modelFile, "modelFile");
        Objects.requireNonNull(label, "label");
    }
}
