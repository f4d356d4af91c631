package dev.tessera.distributed;

import dev.tessera.app.generate.RenderLane;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;

/** What a Spark task runs: its slice of images, one after another, on a render lane of its executor. */
final class PartitionRender implements FlatMapFunction<Iterator<ImageTask>, ImageResult> {

    private static final long serialVersionUID = 1L;

    private final AfterImage afterImage;
    private final Map<String, String> hadoopSettings;

    /** {@code hadoopSettings}: the driver's {@code spark.hadoop.*} settings, without the prefix. */
    PartitionRender(AfterImage afterImage, Map<String, String> hadoopSettings) {
        this.afterImage = afterImage;
        this.hadoopSettings = new HashMap<>(hadoopSettings);
    }

    @Override
    public Iterator<ImageResult> call(Iterator<ImageTask> tasks) throws Exception {
        RenderLane lane = ExecutorLanes.borrow();
        try {
            List<ImageResult> results = new ArrayList<>();
            Map<String, ImageFolder> folders = new HashMap<>(); // one per output folder of the slice
            while (tasks.hasNext()) {
                ImageTask task = tasks.next();
                ImageFolder folder = folders.computeIfAbsent(task.outputFolder(),
                        location -> ImageFolder.at(location, hadoopSettings));
                results.add(lane.call("spark image " + task.jobId() + " seed " + task.seed(),
                        () -> ExactlyOnceImage.render(lane.serviceFor(ExecutorModelFile.resolve(task.modelFile())), task,
                                folder)));
                afterImage.finished(results.size());
            }
            return results.iterator();
        } finally {
            ExecutorLanes.giveBack(lane);
        }
    }
}
