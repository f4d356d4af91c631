package dev.tessera.generation.acdit.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.text.PromptEncoder;
import dev.tessera.generation.video.MotionClips;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a test (it runs only when {@code -Dprobe.model=<video model file>} is given; docs/results/video.md
 * quotes its output): the per-block ε error of a video model on training clips with every block at one timestep
 * and the true earlier blocks as context, and the largest difference between a clip sampled with the KV cache and
 * with the context recomputed at every step.
 */
@EnabledIfSystemProperty(named = "probe.model", matches = ".+")
class VideoBlockLossProbe {
    @Test
    void perBlockError() throws Exception {
        EmojiDataset data = EmojiDataset.loadBundled();
        try (NDManager m = OfflineEngine.newManager();
                AcditModel model = AcditModel.load(Path.of(System.getProperty("probe.model")), m)) {
            MotionClips clips = new MotionClips(data, model.config().frames(), 20261205);
            TrainingExamples examples = TrainingExamples.ofClips(clips, clips.trainingPairs(), PromptEncoder.shared());
            var layout = model.network().layout();
            int items = 4, blocks = layout.blockCount();
            int[] picks = new int[items];
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < items; i++) picks[i] = random.nextInt(examples.size());
            for (int t : new int[] {200, 600}) {
                TrainingBatch drawn = TrainingBatch.draw(examples, picks, layout, 1000, 0, new SplittableRandom(5));
                int[] times = new int[drawn.timesteps().length];
                Arrays.fill(times, t);
                TrainingBatch batch = new TrainingBatch(layout, drawn.clean(), drawn.noise(), times, drawn.conditions());
                try (NDManager job = m.newSubManager()) {
                    NDArray predicted = model.network().forward(batch.inputs(job, LinearNoiseSchedule.ddpm())).noise();
                    float[] err = predicted.sub(batch.noise(job)).square().toFloatArray();
                    int perBlock = err.length / (items * blocks);
                    StringBuilder line = new StringBuilder("t=" + t + ":");
                    for (int b = 0; b < blocks; b++) {
                        double sum = 0;
                        for (int i = 0; i < items; i++) {
                            int base = i * blocks * perBlock + b * perBlock;
                            for (int j = 0; j < perBlock; j++) sum += err[base + j];
                        }
                        line.append(String.format(" %.4f", sum / (items * perBlock)));
                    }
                    System.out.println("PROBE " + line);
                }
            }
        }
    }

    @Test
    void cacheAgainstRecompute() throws Exception {
        try (NDManager m = OfflineEngine.newManager();
                AcditModel model = AcditModel.load(Path.of(System.getProperty("probe.model")), m)) {
            var condition = dev.tessera.generation.acdit.model.AcditCondition.of(
                    PromptEncoder.shared().encode("rocket moving up"), dev.tessera.generation.data.EmojiStyle.GOOGLE);
            java.util.List<float[]> out = new java.util.ArrayList<>();
            for (var mode : dev.tessera.generation.acdit.sampling.AcditSampler.ContextMode.values()) {
                var sampler = new dev.tessera.generation.acdit.sampling.AcditSampler(model,
                        dev.tessera.generation.diffusion.SamplerKind.fromId("dpm++2m").create(LinearNoiseSchedule.ddpm()), mode);
                out.add(sampler.sample(java.util.List.of(condition), new long[] {7},
                        new dev.tessera.generation.acdit.sampling.AcditGuidance(4, 0),
                        dev.tessera.generation.diffusion.SamplingOptions.steps(6),
                        dev.tessera.generation.acdit.sampling.BlockListener.NONE).get(0));
            }
            int perFrame = 3 * 32 * 32;
            StringBuilder line = new StringBuilder("PROBE cache-vs-recompute max diff per frame:");
            for (int f = 0; f < out.get(0).length / perFrame; f++) {
                double max = 0;
                for (int j = 0; j < perFrame; j++) {
                    max = Math.max(max, Math.abs(out.get(0)[f * perFrame + j] - out.get(1)[f * perFrame + j]));
                }
                line.append(String.format(" %.4f", max));
            }
            System.out.println(line);
        }
    }
}
