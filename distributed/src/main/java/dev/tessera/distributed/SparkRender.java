package dev.tessera.distributed;

import dev.tessera.app.queue.QueueInUseException;
import dev.tessera.app.queue.RenderQueue;
import dev.tessera.generation.engine.TesseraHome;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Renders the queue's pending image jobs through Apache Spark: {@code scripts/spark-render.sh --master local[2]} on
 * one machine, or {@code spark-submit --class dev.tessera.distributed.SparkRender …} on a cluster (docs/spark.md).
 * The driver holds the queue's folder lock for the whole run, as {@code tessera queue run} does.
 */
@Command(name = "spark-render", mixinStandardHelpOptions = true,
        description = "Render the queue's pending image jobs as one Spark job, then journal them as 'tessera queue run' does.")
public final class SparkRender implements Callable<Integer> {

    @Option(names = "--master", description = "Spark master URL, e.g. local[2] or spark://host:7077 (default: spark-submit's)")
    String master;

    @Option(names = "--queue-dir", description = "queue folder (default: the Tessera data folder's queue)")
    Path queueDir;

    @Option(names = "--images-per-task", defaultValue = "4",
            description = "images in one Spark task; a failed task renders at most these again (default: ${DEFAULT-VALUE})")
    int imagesPerTask;

    @Option(names = "--out", description = "write every image into this folder instead of its job's own: a path all "
            + "machines see, or a Hadoop file system's URI, e.g. hdfs://namenode:8020/renders (default: each job's folder)")
    String out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkRender()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (imagesPerTask < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--images-per-task: must be at least 1, got " + imagesPerTask);
        }
        SparkConf conf = configure(new SparkConf(), master);
        if (!conf.contains("spark.master")) {
            System.err.println("spark-render: no Spark master: pass --master local[2] (or run it under spark-submit)");
            return 2;
        }
        Path folder = queueDir != null ? queueDir : TesseraHome.current().queue();
        try (RenderQueue queue = RenderQueue.open(folder)) {
            if (queue.isPaused()) {
                System.out.println("the queue is paused; run 'tessera queue resume' first");
                return 0;
            }
            long start = System.nanoTime();
            try (JavaSparkContext spark = new JavaSparkContext(conf)) {
                double startUp = seconds(start);
                long renderStart = System.nanoTime();
                QueueOnSpark.Summary s = QueueOnSpark.run(queue, spark, imagesPerTask, Optional.ofNullable(out));
                double render = seconds(renderStart);
                System.out.printf(Locale.ROOT, "spark %s: started in %.1f s; %d image(s) of %d job(s) (%d rendered, %d already"
                        + " there) in %.1f s, %.3f images/s; %d job(s) done%n", spark.master(), startUp, s.images(),
                        s.jobs(), s.rendered(), s.adopted(), render, s.rendered() / Math.max(render, 1e-9), s.jobsDone());
                if (s.jobsFailed() > 0) {
                    System.out.println(s.jobsFailed() + " job(s) failed: 'tessera queue list' says why");
                }
                if (s.clipJobsLeft() > 0) {
                    System.out.println(s.clipJobsLeft() + " clip job(s) left pending: clips render with 'tessera queue run'");
                }
                return s.jobsDone() == s.jobs() ? 0 : 1;
            }
        } catch (QueueInUseException e) {
            System.err.println("spark-render: " + e.getMessage());
            return 1;
        } catch (QueueOnSpark.UnwritableOutput e) {
            System.err.println("spark-render: --out: " + e.getMessage() + " (no job was taken)");
            return 2;
        }
    }

    /**
     * The settings every run gets: speculative execution on (a slow task's twin may finish first; both write the same
     * file once), the master when given, and a name. Settings from spark-submit are kept.
     */
    static SparkConf configure(SparkConf conf, String master) {
        if (master != null) {
            conf.setMaster(master);
        }
        return conf.setIfMissing("spark.app.name", "tessera-queue")
                .set("spark.speculation", "true");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
