package dev.tessera.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.png.PngTextChunks;
import dev.tessera.app.queue.GenerationServiceRenderer;
import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobState;
import dev.tessera.app.queue.QueueRunner;
import dev.tessera.app.queue.RenderQueue;
import dev.tessera.app.queue.SweepSetting;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue through Spark on local[2] with the bundled default model at 2 steps a block: every image once and whole
 * after a task fails half-way and is retried, and the same PNGs as the desktop's {@code tessera queue run}.
 */
class QueueOnSparkTest {

    private static final Path MODEL = Path.of("assets/models/acdit-default.safetensors");
    /** Counts the failures the hook injected; the hook runs in this JVM (local mode), so a static is seen. */
    private static final AtomicInteger INJECTED = new AtomicInteger();
    private static final AtomicInteger INJECTED_LARGE = new AtomicInteger();
    private static final AtomicInteger INJECTED_HDFS = new AtomicInteger();

    private static JavaSparkContext spark;

    @BeforeAll
    static void startSpark() {
        // local[2,2]: two cores, and a failed task is tried again (plain local[2] gives each task one try).
        spark = new JavaSparkContext(SparkRender.configure(new SparkConf(), "local[2,2]")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.close();
        }
    }

    @Test
    void aTaskThatFailsAfterWritingPartOfItsSliceLeavesEveryImageOnceAndWhole(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        try (RenderQueue queue = RenderQueue.open(dir.resolve("queue"))) {
            addJobs(queue, out);
            int images = queue.jobs().stream().mapToInt(j -> j.request().count()).sum();
            AfterImage failFirstAttemptOfSliceZero = finished -> {
                TaskContext task = TaskContext.get();
                if (task.partitionId() == 0 && task.attemptNumber() == 0 && finished == 2) {
                    INJECTED.incrementAndGet();
                    throw new IllegalStateException("injected failure after 2 images of slice 0");
                }
            };
            QueueOnSpark.Summary summary = QueueOnSpark.run(queue, spark, 3, Optional.empty(),
                    failFirstAttemptOfSliceZero);

            assertEquals(1, INJECTED.get(), "the first attempt of slice 0 failed once");
            assertEquals(images, summary.images());
            assertEquals(images, summary.rendered() + summary.adopted());
            // The retry found the two images its first attempt renamed into place and did not render them again.
            assertTrue(summary.adopted() >= 2, "adopted " + summary.adopted());
            assertEquals(queue.jobs().size(), summary.jobsDone());
            assertEveryImageOnceAndWhole(queue, out);
            // Each lane of this executor (at most one per core of local[2]) loaded the model once, whatever it rendered.
            assertTrue(ExecutorLanes.lanes() <= 2, ExecutorLanes.lanes() + " lanes");
            assertEquals(ExecutorLanes.lanes(), ExecutorLanes.loads(), "model loads");

            // The same jobs queued again: every image is found written (same recipe), none rendered, none duplicated.
            Set<String> before = names(out);
            addJobs(queue, out);
            QueueOnSpark.Summary again = QueueOnSpark.run(queue, spark, 3, Optional.empty());
            assertEquals(0, again.rendered());
            assertEquals(images, again.adopted());
            assertEquals(before, names(out));
        }
    }

    @Test
    void sparkWritesTheSamePngsAsTheDesktopQueue(@TempDir Path dir) throws Exception {
        Path desktopOut = renderOnTheDesktop(dir);
        Path sparkOut = dir.resolve("spark");
        try (RenderQueue queue = RenderQueue.open(dir.resolve("spark-queue"))) {
            addJobs(queue, sparkOut);
            QueueOnSpark.run(queue, spark, 2, Optional.empty());
        }
        Set<String> names = names(desktopOut);
        assertEquals(names, names(sparkOut));
        assertEquals(5, names.size());
        for (String name : names) {
            Path desktop = desktopOut.resolve(name);
            Path viaSpark = sparkOut.resolve(name);
            assertArrayEquals(pixels(desktop), pixels(viaSpark), name + ": pixels");
            assertEquals(chunks(desktop), chunks(viaSpark), name + ": parameters and recipe chunks");
            assertArrayEquals(Files.readAllBytes(desktop), Files.readAllBytes(viaSpark), name + ": file bytes");
        }
    }

    /**
     * {@code --out hdfs://…}: a real HDFS (NameNode and DataNode in this JVM). A task fails after writing 2 of its 3
     * images and is retried; the folder on HDFS then holds each image once, under the desktop's name and with the
     * desktop's bytes, no temp file, and the queue journals the images' URIs. The jobs' own folders stay empty.
     */
    @Test
    void imagesGoToAHadoopFileSystemOnceWithTheDesktopsBytes(@TempDir Path dir) throws Exception {
        Path desktopOut = renderOnTheDesktop(dir);
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        try (MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
                RenderQueue queue = RenderQueue.open(dir.resolve("queue"))) {
            cluster.waitActive();
            FileSystem hdfs = cluster.getFileSystem();
            String renders = hdfs.getUri() + "/renders/cats";
            Path ownFolder = dir.resolve("own-folder");
            addJobs(queue, ownFolder);
            AfterImage failFirstAttemptOfSliceZero = finished -> {
                TaskContext task = TaskContext.get();
                if (task.partitionId() == 0 && task.attemptNumber() == 0 && finished == 2) {
                    INJECTED_HDFS.incrementAndGet();
                    throw new IllegalStateException("injected failure after 2 images of slice 0");
                }
            };
            QueueOnSpark.Summary summary = QueueOnSpark.run(queue, spark, 3, Optional.of(renders),
                    failFirstAttemptOfSliceZero);

            assertEquals(1, INJECTED_HDFS.get(), "the first attempt of slice 0 failed once");
            assertTrue(summary.adopted() >= 2, "adopted " + summary.adopted());
            Set<String> names = names(desktopOut);
            assertEquals(names, hdfsNames(hdfs, renders), "one file per image under the desktop's name, no temp file");
            for (String name : names) {
                try (InputStream in = hdfs.open(new org.apache.hadoop.fs.Path(renders, name))) {
                    assertArrayEquals(Files.readAllBytes(desktopOut.resolve(name)), in.readAllBytes(), name);
                }
            }
            for (Job job : queue.jobs()) {
                assertEquals(JobState.DONE, job.state(), job.id());
                assertEquals(job.request().count(), job.outputs().size(), "outputs of " + job.id());
                assertTrue(job.outputs().stream().allMatch(o -> o.remote() && o.location().startsWith(renders + "/")),
                        "journaled " + job.outputs());
                assertEquals(List.of(), job.files(), "no local file");
            }
            assertTrue(Files.notExists(ownFolder), "nothing went to the jobs' own folder");

            // A claim of a name that exists fails and replaces nothing.
            String first = names.iterator().next();
            ImageFolder folder = ImageFolder.at(renders, Map.of());
            assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> folder.claim(first, new byte[] {1, 2}));
            assertArrayEquals(Files.readAllBytes(desktopOut.resolve(first)), folder.read(first), first);
            assertEquals(names, hdfsNames(hdfs, renders), "the failed claim left no temp file");

            // Queued again: every image is found on HDFS, none rendered, none added.
            addJobs(queue, ownFolder);
            QueueOnSpark.Summary again = QueueOnSpark.run(queue, spark, 3, Optional.of(renders));
            assertEquals(0, again.rendered());
            assertEquals(names, hdfsNames(hdfs, renders));
        }
    }

    @Test
    void aJobWhoseModelFileIsMissingFailsNamingItAndTheOthersRender(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("gone.safetensors");
        try (RenderQueue queue = RenderQueue.open(dir.resolve("queue"))) {
            Job lost = queue.add(GenerationRequest.of("moon", "google", 3).withSteps(2), dir.resolve("out"), missing);
            queue.add(GenerationRequest.of("moon", "google", 4).withSteps(2), dir.resolve("out"), MODEL);
            QueueOnSpark.Summary summary = QueueOnSpark.run(queue, spark, 4, Optional.empty());
            assertEquals(1, summary.jobsFailed());
            assertEquals(1, summary.jobsDone());
            JobState state = queue.find(lost.id()).orElseThrow().state();
            assertTrue(state instanceof JobState.Failed failed && failed.message().contains(missing.toString()),
                    "state " + state);
            assertEquals(Set.of("4-moon.png"), names(dir.resolve("out")));
        }
    }

    @Test
    void anOutThatCannotBeAFolderIsRefusedBeforeAnyJobIsTaken(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        try (RenderQueue queue = RenderQueue.open(dir.resolve("queue"))) {
            addJobs(queue, dir.resolve("out"));
            for (String out : List.of(file.resolve("below").toString(), "hdfs://bad host:8020/renders")) {
                QueueOnSpark.UnwritableOutput refused = assertThrows(QueueOnSpark.UnwritableOutput.class,
                        () -> QueueOnSpark.run(queue, spark, 2, Optional.of(out)));
                assertTrue(refused.getMessage().contains(out), refused.getMessage());
            }
            assertTrue(queue.jobs().stream().allMatch(j -> j.state() == JobState.PENDING), "no job was taken");
        }
    }

    @Test
    void withoutAMasterItSaysSoAndLeavesTheQueueAlone(@TempDir Path dir) {
        int code = new picocli.CommandLine(new SparkRender()).execute("--queue-dir", dir.resolve("queue").toString());
        assertEquals(2, code);
        assertTrue(Files.notExists(dir.resolve("queue")), "the queue was not opened");
    }

    /**
     * The acceptance run, on request only (it takes minutes): {@code -Dtessera.spark.jobs=200} queues that many
     * one-image jobs (four prompts × seeds, 2 steps a block), renders them through the desktop queue and through
     * Spark with two tasks failing on their first attempt, and compares every file.
     */
    @Test
    @EnabledIfSystemProperty(named = "tessera.spark.jobs", matches = "[0-9]+")
    void aLargeQueueWithFailedTasksGivesTheDesktopsFilesOnce(@TempDir Path dir) throws Exception {
        int perPrompt = Integer.getInteger("tessera.spark.jobs") / 4;
        List<String> prompts = List.of("cat face", "rocket", "fire", "red heart");
        List<Long> seeds = java.util.stream.LongStream.rangeClosed(1, perPrompt).boxed().toList();
        GenerationRequest base = GenerationRequest.of("cat face", "twitter", 1).withSteps(2);
        Path desktopOut = dir.resolve("desktop");
        long t0 = System.nanoTime();
        try (RenderQueue queue = RenderQueue.open(dir.resolve("desktop-queue")); RenderLane lane = new RenderLane()) {
            queue.addSweep(base, prompts, seeds, null, List.of(), desktopOut, MODEL);
            new QueueRunner(queue, new GenerationServiceRenderer(lane)).runUntilIdle();
        }
        long t1 = System.nanoTime();
        Path sparkOut = dir.resolve("spark");
        try (RenderQueue queue = RenderQueue.open(dir.resolve("spark-queue"))) {
            queue.addSweep(base, prompts, seeds, null, List.of(), sparkOut, MODEL);
            AfterImage failTwoSlices = finished -> {
                TaskContext task = TaskContext.get();
                if ((task.partitionId() == 0 || task.partitionId() == 7) && task.attemptNumber() == 0 && finished == 3) {
                    INJECTED_LARGE.incrementAndGet();
                    throw new IllegalStateException("injected failure after 3 images of slice " + task.partitionId());
                }
            };
            QueueOnSpark.Summary summary = QueueOnSpark.run(queue, spark, 4, Optional.empty(), failTwoSlices);
            System.out.printf("large run: %d jobs; desktop %.1f s, spark local[2,2] %.1f s; %s%n", queue.jobs().size(),
                    (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, summary);
            assertEquals(2, INJECTED_LARGE.get());
            assertTrue(summary.adopted() >= 6, "adopted " + summary.adopted());
            assertEveryImageOnceAndWhole(queue, sparkOut);
        }
        Set<String> names = names(desktopOut);
        assertEquals(4 * perPrompt, names.size());
        assertEquals(names, names(sparkOut));
        for (String name : names) {
            assertArrayEquals(Files.readAllBytes(desktopOut.resolve(name)), Files.readAllBytes(sparkOut.resolve(name)),
                    name);
        }
    }

    /** The five images of {@link #addJobs} through the desktop queue ({@code tessera queue run}); their folder. */
    private static Path renderOnTheDesktop(Path dir) throws Exception {
        Path desktopOut = dir.resolve("desktop");
        try (RenderQueue queue = RenderQueue.open(dir.resolve("desktop-queue")); RenderLane lane = new RenderLane()) {
            addJobs(queue, desktopOut);
            new QueueRunner(queue, new GenerationServiceRenderer(lane)).runUntilIdle();
            assertTrue(queue.jobs().stream().allMatch(j -> j.state() == JobState.DONE), "desktop jobs done");
        }
        return desktopOut;
    }

    private static Set<String> hdfsNames(FileSystem hdfs, String folder) throws IOException {
        Set<String> names = new TreeSet<>();
        for (FileStatus f : hdfs.listStatus(new org.apache.hadoop.fs.Path(folder))) {
            names.add(f.getPath().getName());
        }
        return names;
    }

    /** Five images: two seeds of one prompt, one with a negative prompt, a guidance sweep of two values. */
    private static void addJobs(RenderQueue queue, Path out) {
        queue.add(GenerationRequest.of("cat face", "twitter", 7).withSteps(2).withCount(2), out, MODEL);
        queue.add(GenerationRequest.of("rocket", "google", 11).withSteps(2).withNegativePrompt("red"), out, MODEL);
        queue.addSweep(GenerationRequest.of("fire", "twitter", 5).withSteps(2), List.of(), List.of(),
                SweepSetting.GUIDANCE, List.of("1.5", "4"), out, MODEL);
    }

    private static void assertEveryImageOnceAndWhole(RenderQueue queue, Path out) throws IOException {
        Set<String> expected = new TreeSet<>();
        for (Job job : queue.jobs()) {
            assertEquals(JobState.DONE, job.state(), job.id());
            assertEquals(job.request().count(), job.outputs().size(), "outputs of " + job.id());
            for (int i = 0; i < job.request().count(); i++) {
                expected.add(GenerationService.baseName(job.request().seedOf(i), job.request().prompt(), job.fileLabel())
                        + ".png");
            }
        }
        try (Stream<Path> all = Files.list(out)) {
            List<String> files = all.map(p -> p.getFileName().toString()).toList();
            assertTrue(files.stream().noneMatch(n -> n.startsWith(".") || n.endsWith(".tmp")), "temp files: " + files);
        }
        assertEquals(expected, names(out), "one file per image, under the desktop's name");
        for (String name : expected) {
            BufferedImage image = ImageIO.read(out.resolve(name).toFile());
            assertNotNull(image, name + " decodes");
            Recipe recipe = RecipePng.readRecipe(out.resolve(name)).orElseThrow();
            assertEquals(image.getWidth(), recipe.width(), name);
            assertTrue(name.startsWith(recipe.seed() + "-"), name + " holds seed " + recipe.seed());
        }
    }

    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static int[] pixels(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static Map<String, String> chunks(Path png) throws IOException {
        return PngTextChunks.read(Files.readAllBytes(png));
    }
}
