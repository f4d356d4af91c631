package dev.tessera.compression.measure;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.bench.ProcessMemory;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.eval.EvalPrompt;
import dev.tessera.generation.eval.EvalPromptSet;
import dev.tessera.generation.nn.Int4Runtime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Peak resident memory of a process that loads one model (ACDiT or U-Net) and renders evaluation prompts with it:
 * run in a JVM of its own for each model, since a process's peak cannot be reset. Started by
 * {@link #measure}, it prints {@value #PREFIX}<bytes> last.
 */
public final class PeakRssProbe {

    static final String PREFIX = "peak_rss_bytes=";
    /** A fixed, fully touched heap, so the peaks differ by native memory (the weights), not by collector sizing. */
    static final List<String> HEAP = List.of("-Xms768m", "-Xmx768m", "-XX:+AlwaysPreTouch");

    private PeakRssProbe() {}

    /** args: model file, {@link Int4Runtime} name, images to render, steps a block, guidance, style strength. */
    public static void main(String[] args) throws Exception {
        List<EvalPrompt> prompts = EvalPromptSet.bundled().prompts().subList(0, Integer.parseInt(args[2]));
        try (NDManager manager = OfflineEngine.newManager();
                LadderModel model = LadderModel.load(Path.of(args[0]), manager, Int4Runtime.valueOf(args[1]))) {
            model.render(prompts, Integer.parseInt(args[3]),
                    new AcditGuidance(Double.parseDouble(args[4]), Double.parseDouble(args[5])), CancellationToken.none());
        }
        System.out.println(PREFIX + ProcessMemory.peakResidentBytes());
    }

    /** Runs the probe in a fresh JVM on this one's class path and returns its peak RSS in bytes. */
    public static long measure(Path model, Int4Runtime runtime, int images, int stepsPerBlock, AcditGuidance guidance)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(HEAP);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PeakRssProbe.class.getName(),
                model.toString(), runtime.name(), Integer.toString(images), Integer.toString(stepsPerBlock),
                Double.toString(guidance.scale()), Double.toString(guidance.styleStrength())));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = process.waitFor();
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        if (exit != 0 || !last.startsWith(PREFIX)) {
            throw new IOException("the memory probe for " + model + " failed (exit " + exit + "): " + output.strip());
        }
        return Long.parseLong(last.substring(PREFIX.length()));
    }
}
