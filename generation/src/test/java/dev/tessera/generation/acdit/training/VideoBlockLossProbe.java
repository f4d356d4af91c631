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

/** Scratch probe: per-block ε error of a video model on training clips, every block at one timestep. */
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
}
