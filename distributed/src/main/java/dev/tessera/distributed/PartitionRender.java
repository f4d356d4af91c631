package dev.tessera.distributed;

import dev.tessera.app.generate.RenderLane;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;

/** What a Spark task runs: its slice of images, one after another, on a render lane of its executor. */
final class PartitionRender implements FlatMapFunction<Iterator<ImageTask>, ImageResult> {

    private static final long serialVersionUID = 1L;

    private final AfterImage afterImage;

    PartitionRender(AfterImage afterImage) {
        this.afterImage = afterImage;
    }

    @Override
    public Iterator<ImageResult> call(Iterator<ImageTask> tasks) throws Exception {
        RenderLane lane = ExecutorLanes.borrow();
        try {
            List<ImageResult> results = new ArrayList<>();
            while (tasks.hasNext()) {
                ImageTask task = tasks.next();
                results.add(lane.call("spark image " + task.jobId() + " seed " + task.seed(),
                        () -> ExactlyOnceImage.render(lane.serviceFor(Path.of(task.modelFile())), task)));
                afterImage.finished(results.size());
            }
            return results.iterator();
        } finally {
            ExecutorLanes.giveBack(lane);
        }
    }
}
