package dev.tessera.generation.eval;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.judge.JudgeModel;
import dev.tessera.generation.judge.JudgeRunner;
import dev.tessera.generation.modelfile.ModelFileException;
import java.nio.file.Path;

/**
 * Everything a measurement needs, loaded once: the judge, the real data, the reference features and
 * the evaluator. Closing it frees the judge's weights.
 */
public final class EvaluationSession implements AutoCloseable {

    private final NDManager manager;
    private final JudgeModel judge;
    private final RealImages real;
    private final JudgeRunner runner;
    private final ImageSetEvaluator evaluator;
    private final PromptCatalogue catalogue;

    private EvaluationSession(NDManager manager, JudgeModel judge, EmojiDataset data, EvaluationOptions options) {
        this.manager = manager;
        this.judge = judge;
        this.real = new RealImages(data);
        this.runner = new JudgeRunner(judge);
        this.evaluator = new ImageSetEvaluator(runner, judge.vocabulary(), new ReferenceSet(runner, real), options);
        this.catalogue = new PromptCatalogue(data);
    }

    /** Opens a session on a judge model file and the bundled data of every style. */
    public static EvaluationSession open(Path judgeFile, EvaluationOptions options) throws ModelFileException {
        NDManager manager = OfflineEngine.newManager();
        try {
            JudgeModel judge = JudgeModel.load(judgeFile, manager);
            return new EvaluationSession(manager, judge, EmojiDataset.loadBundled(), options);
        } catch (ModelFileException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public JudgeModel judge() {
        return judge;
    }

    public JudgeRunner runner() {
        return runner;
    }

    public RealImages real() {
        return real;
    }

    public ImageSetEvaluator evaluator() {
        return evaluator;
    }

    public PromptCatalogue catalogue() {
        return catalogue;
    }

    public int imageSize() {
        return judge.config().imageSize();
    }

    @Override
    public void close() {
        judge.close();
        manager.close();
    }
}
