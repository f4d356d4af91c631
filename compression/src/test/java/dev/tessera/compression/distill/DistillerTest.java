package dev.tessera.compression.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.compression.prune.CalibrationSet;
import dev.tessera.compression.prune.EpsilonError;
import dev.tessera.compression.prune.PrunedModels;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.model.RemovedPart;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.train.ProgressListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistillerTest {

    private static final AcditConfig WHOLE = AcditFixtures.tiny(16, 4, 2).withDepth(3);
    private static final AcditConfig STUDENT = WHOLE.withRemoved(List.of(new RemovedPart(2, LayerPart.LAYER),
            new RemovedPart(1, LayerPart.MLP)));

    @Test
    void theStudentMovesTowardsTheTeacherWhileThePreservedLayersStayExact() {
        TrainingExamples examples = AcditFixtures.fixedImages(8, 16, 8);
        try (NDManager m = OfflineEngine.newManager(); AcditModel teacher = AcditFixtures.perturbed(WHOLE, 51, m)) {
            CalibrationSet calibration = CalibrationSet.draw(examples, WHOLE.layout(), 8, 3);
            EpsilonError error = new EpsilonError(calibration, teacher);
            try (AcditModel student = PrunedModels.prune(teacher, STUDENT, calibration, m)) {
                Map<String, float[]> before = new HashMap<>();
                student.parameters().asMap().forEach((name, p) -> before.put(name, p.toFloatArray()));
                double errorBefore = error.of(student);
                LayerUpdates updates = LayerUpdates.of(STUDENT, true, UpdateScaling.CONTINUOUS,
                        Map.of(0, 1.0, 1, 0.5, 2, 0.25));
                List<Long> steps = new ArrayList<>();
                Distiller.Result result = new Distiller(teacher, student, examples, updates,
                        new Distiller.Options(8, 3e-3, 5, 0.1, 1.0, 7)).run(new DistillationBudget.Steps(40),
                        new ProgressListener() {
                            @Override
                            public void started(long fromStep, long totalSteps) {
                                assertEquals(40, totalSteps);
                            }

                            @Override
                            public void stepDone(long stepsDone, float loss, double learningRate) {
                                steps.add(stepsDone);
                            }
                        }, CancellationToken.none());
                assertEquals(40, result.steps());
                assertEquals(40, steps.size());
                double errorAfter = error.of(student);
                assertTrue(errorAfter < 0.8 * errorBefore, errorBefore + " → " + errorAfter);
                student.parameters().asMap().forEach((name, p) -> {
                    if (name.startsWith("layers.0.") || name.startsWith("cond.") || name.startsWith("time.")
                            || name.startsWith("patch_embed.")) {
                        assertArrayEquals(before.get(name), p.toFloatArray(), name + " is preserved");
                    } else if (name.endsWith(".weight") && !name.contains("norm")) {
                        assertFalse(java.util.Arrays.equals(before.get(name), p.toFloatArray()), name + " trains");
                    }
                    assertFalse(p.hasGradient(), name + " no longer records gradients");
                });
            }
        }
    }

    @Test
    void aTimeBudgetBecomesAStepCountAfterTheFirstSteps() {
        TrainingExamples examples = AcditFixtures.fixedImages(8, 16, 8);
        try (NDManager m = OfflineEngine.newManager(); AcditModel teacher = AcditFixtures.perturbed(WHOLE, 52, m)) {
            CalibrationSet calibration = CalibrationSet.draw(examples, WHOLE.layout(), 8, 3);
            try (AcditModel student = PrunedModels.prune(teacher, STUDENT, calibration, m)) {
                long[] announced = {-1, -1};
                Distiller.Result result = new Distiller(teacher, student, examples,
                        LayerUpdates.of(STUDENT, false, UpdateScaling.UNIFORM, Map.of(0, 1.0, 1, 1.0, 2, 1.0)),
                        new Distiller.Options(4, 1e-3, 2, 0.1, 1.0, 7))
                        .run(DistillationBudget.minutes(0.05), new ProgressListener() {
                            @Override
                            public void started(long fromStep, long totalSteps) {
                                announced[0] = fromStep;
                                announced[1] = totalSteps;
                            }

                            @Override
                            public void stepDone(long stepsDone, float loss, double learningRate) {}
                        }, CancellationToken.none());
                assertEquals(Distiller.TIMED_STEPS, announced[0]);
                assertTrue(result.steps() == announced[1] || result.stoppedEarly(), result + " vs " + announced[1]);
                assertTrue(result.elapsed().toMillis() < 1.25 * 3000 + 2000, result.elapsed().toString());
            }
        }
    }

    /** PyTorch's grad mode is per thread; a thread the engine was not loaded on starts with it on (the studio's wizard thread). */
    @Test
    void runsOnAThreadOtherThanTheEngines() throws Exception {
        TrainingExamples examples = AcditFixtures.fixedImages(8, 16, 8);
        try (NDManager m = OfflineEngine.newManager(); AcditModel teacher = AcditFixtures.perturbed(WHOLE, 53, m)) {
            CalibrationSet calibration = CalibrationSet.draw(examples, WHOLE.layout(), 8, 3);
            try (AcditModel student = PrunedModels.prune(teacher, STUDENT, calibration, m)) {
                Distiller distiller = new Distiller(teacher, student, examples,
                        LayerUpdates.of(STUDENT, true, UpdateScaling.CONTINUOUS, Map.of(0, 1.0, 1, 0.5, 2, 0.25)),
                        new Distiller.Options(4, 1e-3, 2, 0.1, 1.0, 7));
                Distiller.Result[] result = new Distiller.Result[1];
                Throwable[] failure = new Throwable[1];
                Thread other = new Thread(() -> {
                    try {
                        ai.djl.pytorch.jni.JniUtils.setGradMode(true); // as on a fresh thread
                        result[0] = distiller.run(new DistillationBudget.Steps(3), ProgressListener.NONE,
                                CancellationToken.none());
                    } catch (Throwable t) {
                        failure[0] = t;
                    }
                }, "not-the-engine-thread");
                other.start();
                other.join();
                assertEquals(null, failure[0], () -> String.valueOf(failure[0]));
                assertEquals(3, result[0].steps());
            }
        }
    }
}
