package dev.tessera.distributed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.apache.spark.SparkFiles;

/**
 * Where an executor finds a job's model file: at the driver's path when this machine has it (a shared mount, or a
 * copy at the same path), else the copy {@code spark-submit --files <model>} shipped into the executor's working
 * folder under the same file name. The render then checks the file's hash against the driver's, so a different file
 * of that name is refused.
 */
final class ExecutorModelFile {

    private ExecutorModelFile() {}

    static Path resolve(String driverPath) {
        return resolve(driverPath, SparkFiles::get);
    }

    /** {@code shipped}: the local path of a file shipped with {@code --files}, by its name. */
    static Path resolve(String driverPath, UnaryOperator<String> shipped) {
        Path model = Path.of(driverPath);
        if (Files.isRegularFile(model)) {
            return model;
        }
        Path copy = Path.of(shipped.apply(model.getFileName().toString()));
        return Files.isRegularFile(copy) ? copy : model; // neither: the load fails naming the driver's path
    }
}
