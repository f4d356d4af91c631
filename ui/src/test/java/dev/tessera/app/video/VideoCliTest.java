package dev.tessera.app.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.CliRun;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

/** {@code generate --video} with a tiny untrained video model: files read back, and bad settings refused. */
class VideoCliTest {

    @TempDir static Path temp;
    private static Path model;

    @BeforeAll
    static void writeModel() throws IOException {
        model = TinyAcditModelFile.write(temp.resolve("tiny-video.safetensors"), TinyAcditModelFile.videoConfig(4));
    }

    private static CliRun generate(String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--prompt", "rocket moving up", "--model",
                model.toString(), "--steps", "2", "--seed", "5"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aGifLoopsWithTheFrameDelayOfItsFpsAndCarriesItsRecipe() throws Exception {
        Path gif = temp.resolve("clip.gif");
        CliRun r = generate("--video", "--frames", "12", "--fps", "8", "--scale", "4", "--out", gif.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("wrote " + gif), r.out());
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(12, reader.getNumImages(true), "three times the 4 training frames");
            BufferedImage first = reader.read(0);
            assertEquals(64, first.getWidth());
            assertEquals(64, first.getHeight());
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            assertEquals("13", attribute(root, "GraphicControlExtension", "delayTime"), "100/8 fps, rounded");
            assertEquals("NETSCAPE", attribute(root, "ApplicationExtension", "applicationID"));
            ClipRecipe recipe = ClipRecipe.fromJson(attribute(root, "CommentExtension", "value"));
            assertEquals(List.of(12, 4), List.of(recipe.frames(), recipe.window()), "window: the training length");
            assertEquals("rocket moving up", recipe.frame().prompt());
            assertEquals(5, recipe.frame().seed());
            assertEquals(8.0, recipe.fps());
        }
    }

    @Test
    void anMp4HoldsOneH264TrackWithOneSamplePerFrame() throws Exception {
        Path mp4 = temp.resolve("clip.mp4");
        CliRun r = generate("--video", "--frames", "6", "--fps", "10", "--out", mp4.toString());
        assertEquals(0, r.exit(), r.err());
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(mp4));
        Mp4Boxes boxes = Mp4Boxes.parse(file);
        assertTrue(boxes.has("ftyp") && boxes.has("moov") && boxes.has("mdat"), boxes.toString());
        assertEquals(6, boxes.sampleCount(), "stsz sample count");
        assertEquals(List.of(128, 128), boxes.trackSize(), "tkhd width and height at scale 8");
        assertTrue(boxes.has("avc1"), "H.264 sample entry");
    }

    @Test
    void aFolderGetsExactPngFramesAndTheRecipe() throws Exception {
        Path folder = temp.resolve("frames");
        CliRun r = generate("--video", "--out", folder.toString());
        assertEquals(0, r.exit(), r.err());
        List<Path> frames;
        try (var files = Files.list(folder)) {
            frames = files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(4, frames.size(), "the training length by default");
        assertEquals(16, ImageIO.read(frames.get(0).toFile()).getWidth(), "PNG frames keep the model's size");
        ClipRecipe recipe = ClipRecipe.fromJson(Files.readString(folder.resolve(ClipRendering.RECIPE_FILE)));
        assertEquals(4, recipe.frames());
    }

    @Test
    void videoWithoutAModelRendersWithTheBundledVideoModel() throws Exception {
        Path folder = temp.resolve("bundled");
        CliRun r = CliRun.of("generate", "--video", "--prompt", "red heart moving left", "--frames", "4", "--steps", "1",
                "--seed", "2", "--out", folder.toString());
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.err().contains("note:"), "a trained emoji in a trained motion: " + r.err());
        ClipRecipe recipe = ClipRecipe.fromJson(Files.readString(folder.resolve(ClipRendering.RECIPE_FILE)));
        assertEquals("acdit-video", recipe.frame().model());
        assertEquals(4, recipe.frames(), "one block of the bundled model's 4 frames");
        assertEquals(32, ImageIO.read(folder.resolve("frame-000.png").toFile()).getWidth());
    }

    @Test
    void badClipSettingsAreRefusedWithTheirReason() {
        assertRefused(generate("--video", "--frames", "0", "--out", temp.resolve("a.gif").toString()),
                "frames must be between 1 and 1024, got 0");
        assertRefused(generate("--video", "--fps", "0", "--out", temp.resolve("b.gif").toString()),
                "fps must be above 0 and at most 60, got 0.0");
        assertRefused(generate("--video", "--fps", "-2", "--out", temp.resolve("b.gif").toString()),
                "fps must be above 0");
        assertRefused(generate("--video", "--window", "1", "--out", temp.resolve("c.gif").toString()),
                "the window of 1 frames is smaller than one block (2 frames)");
        assertRefused(generate("--video", "--frames", "5", "--out", temp.resolve("d.gif").toString()),
                "frames 5 must be a multiple of the model's block of 2 frames");
        assertRefused(generate("--out", temp.resolve("images").toString()),
                "this is a video model: it makes clips of 4 frames, not images");
        assertFalse(Files.exists(temp.resolve("a.gif")) || Files.exists(temp.resolve("images")), "nothing written");
    }

    @Test
    void anImageModelAskedForAClipIsRefused() throws IOException {
        Path image = TinyAcditModelFile.write(temp.resolve("tiny-image.safetensors"));
        CliRun r = CliRun.of("generate", "--prompt", "cat", "--model", image.toString(), "--video", "--out",
                temp.resolve("e.gif").toString());
        assertRefused(r, "this is an image model: it cannot make a clip");
    }

    private static void assertRefused(CliRun r, String message) {
        assertTrue(r.exit() != 0, "exit " + r.exit());
        assertTrue(r.err().contains(message), r.err());
    }

    private static String attribute(IIOMetadataNode root, String element, String name) {
        Node node = root.getElementsByTagName(element).item(0);
        assertTrue(node != null, "no " + element);
        return ((IIOMetadataNode) node).getAttribute(name);
    }

    @Test
    void theQueueTakesClipJobsAndWritesOneGifPerSeed() throws Exception {
        String queue = temp.resolve("queue").toString();
        Path out = temp.resolve("queued");
        CliRun refused = CliRun.of("queue", "--queue-dir", queue, "add", "--prompt", "cat face spinning", "--model",
                model.toString(), "--video", "--out", out.toString());
        assertRefused(refused, "--video in the queue needs --frames");
        CliRun added = CliRun.of("queue", "--queue-dir", queue, "add", "--prompt", "cat face spinning", "--model",
                model.toString(), "--steps", "2", "-n", "2", "--seed", "3", "--video", "--frames", "6", "--fps", "4",
                "--out", out.toString());
        assertEquals(0, added.exit(), added.err());
        assertTrue(added.out().contains("clip of 6 frames at 4.0 fps"), added.out());
        CliRun run = CliRun.of("queue", "--queue-dir", queue, "run");
        assertEquals(0, run.exit(), run.err());
        List<Path> gifs;
        try (var files = Files.list(out)) {
            gifs = files.sorted().toList();
        }
        assertEquals(List.of("3-cat-face-spinning.gif", "4-cat-face-spinning.gif"),
                gifs.stream().map(f -> f.getFileName().toString()).toList());
        try (ImageInputStream in = ImageIO.createImageInputStream(gifs.get(1).toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(6, reader.getNumImages(true));
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            assertEquals(4, ClipRecipe.fromJson(attribute(root, "CommentExtension", "value")).frame().seed());
        }
    }

    @Test
    void evalVideoWritesOneLineOfAccuraciesPerFrame() throws Exception {
        Path data = temp.resolve("eval/video.dat");
        CliRun r = CliRun.of("eval", "video", "--model", model.toString(), "--frames", "8", "--count", "2", "--steps",
                "1", "--out", data.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(data);
        assertEquals("# frame motion identity_top1 identity_top5 judge_top5 flicker", lines.get(0));
        assertEquals(9, lines.size(), "a header and 8 frames");
        assertTrue(lines.get(1).endsWith(" NaN"), "frame 0 has no frame before it to flicker from: " + lines.get(1));
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split(" ");
            for (int i = 1; i < values.length; i++) {
                double v = Double.parseDouble(values[i]);
                // Flicker is NaN where the tracked sprite leaves no background (this model's clips are noise).
                assertTrue(v >= 0 && v <= 1 || Double.isNaN(v) && i == values.length - 1, line);
            }
        }
        assertTrue(Files.readString(temp.resolve("eval/video.dat.md")).contains("2 clips of 8 frames (training length 4)"));
        assertRefused(CliRun.of("eval", "video", "--model", model.toString(), "--frames", "7", "--out",
                data.toString()), "frames 7 must be a multiple of the model's block of 2 frames");
        assertRefused(CliRun.of("eval", "video", "--frames", "8", "--out", data.toString()),
                "--model names the video model to measure");
    }

    @Test
    void evalVideoOnTheTrainingClipsThemselvesFindsTheirSpritesAndEmoji() throws Exception {
        // The measures' ceiling: on the data's own clips the sprite ranking and the judge name the emoji.
        Path data = temp.resolve("eval/truth.dat");
        CliRun r = CliRun.of("eval", "video", "--model", model.toString(), "--frames", "4", "--count", "6", "--truth",
                "--out", data.toString());
        assertEquals(0, r.exit(), r.err());
        double sprite = 0, judge = 0;
        List<String> lines = Files.readAllLines(data);
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(" ");
            sprite += Double.parseDouble(v[3]) / 4;
            judge += Double.parseDouble(v[4]) / 4;
            if (!line.startsWith("0 ")) {
                assertEquals(0, Double.parseDouble(v[5]), 1e-6, "the data's backgrounds never change: " + line);
            }
        }
        assertTrue(sprite > 0.9, "sprite top 5 on true clips " + sprite);
        assertTrue(judge > 0.5, "judge top 5 on true clips " + judge);
        // The motions go on, so the truth has clips of any length, longer than the model's 4 frames too.
        Path longer = temp.resolve("eval/truth-8.dat");
        CliRun eight = CliRun.of("eval", "video", "--model", model.toString(), "--frames", "8", "--count", "2", "--truth",
                "--out", longer.toString());
        assertEquals(0, eight.exit(), eight.err());
        assertEquals(9, Files.readAllLines(longer).size(), "a header and 8 frames");
        assertTrue(Files.readString(temp.resolve("eval/truth-8.dat.md"))
                .contains("2 clips of 8 frames of the training clips"));
    }
}
