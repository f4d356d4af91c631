package dev.tessera.app.cli;

import dev.tessera.app.AppLocation;
import dev.tessera.generation.eval.CategoryBreakdown;
import dev.tessera.generation.eval.EvalPromptSet;
import dev.tessera.generation.eval.EvaluationOptions;
import dev.tessera.generation.eval.EvaluationSession;
import dev.tessera.generation.eval.ImageDegradation;
import dev.tessera.generation.eval.ImageFolder;
import dev.tessera.generation.eval.ImageSet;
import dev.tessera.generation.eval.ImageSetReport;
import dev.tessera.generation.eval.PairedComparison;
import dev.tessera.generation.eval.RealImages;
import dev.tessera.generation.eval.ReportFiles;
import dev.tessera.generation.eval.ReportMarkdown;
import dev.tessera.generation.metrics.ReferenceStatistics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera eval ...}: measuring images and models with the project's judge. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measure images with the judge: FED, KID, prompt accuracy, style accuracy.",
        subcommands = {EvalCommand.Images.class, EvalModelCommand.class, EvalGridCommand.class, EvalCommand.Paired.class, EvalCommand.ExportReal.class, EvalSanityCommand.class,
                EvalJudgeReportCommand.class, EvalPromptSetCommand.class, EvalCompressionCommand.class, EvalContributionsCommand.class,
                EvalVideoCommand.class, EvalEnsembleLossCommand.class, EvalRoutingCommand.class, EvalKeepBlocksCommand.class})
public final class EvalCommand implements Runnable {

    static final String DEFAULT_JUDGE = "assets/models/judge.safetensors";

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static Path judgePath(Path given) {
        return given != null ? given : AppLocation.root().resolve(DEFAULT_JUDGE);
    }

    /** {@code eval images}: a folder of PNGs with a prompts file. */
    @Command(name = "images", mixinStandardHelpOptions = true,
            description = "Evaluate a folder of 32×32 PNGs described by a prompts file [{file, prompt, style}].")
    static final class Images implements Callable<Integer> {
        @Option(names = "--folder", required = true, description = "folder of PNG images") Path folder;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--prompts", description = "prompts file (default: <folder>/prompts.json)") Path prompts;
        @Option(names = "--judge", description = "judge model (default: " + DEFAULT_JUDGE + ")") Path judge;
        @Option(names = "--out", required = true, description = "folder for report.json, report.md and grid.png") Path out;
        @Option(names = "--reference", defaultValue = ReferenceStatistics.ALL_STYLES,
                description = "real images to compare with: all, base (base emoji only, as the evaluation prompts), google or twitter"
                        + " (default: ${DEFAULT-VALUE})") String reference;

        @Override
        public Integer call() throws Exception {
            Path promptsFile = prompts != null ? prompts : folder.resolve("prompts.json");
            CliChecks.of(spec).imageFolder("--folder", folder).existingFile("--prompts", promptsFile)
                    .existingFile("--judge", judgePath(judge)).outputFolder("--out", out).orRefuse();
            try (EvaluationSession session = EvaluationSession.open(judgePath(judge), EvaluationOptions.defaults())) {
                ImageSet images = ImageFolder.read(folder, promptsFile, session.catalogue(), session.imageSize());
                ImageSetReport report = session.evaluator().evaluate(folder.getFileName().toString(), images, reference);
                ReportFiles.write(out, images, report);
                System.out.print(ReportMarkdown.table(List.of(report)) + "\nBy category:\n\n"
                        + ReportMarkdown.categoryTable(CategoryBreakdown.of(report.verdicts(), session.catalogue()::categoryOf)));
                System.out.println("wrote " + out.resolve("report.json") + ", report.md and grid.png");
            }
            return 0;
        }
    }

    /** {@code eval export-real}: real images as a folder, optionally spoiled, for trying the evaluator. */
    @Command(name = "export-real", mixinStandardHelpOptions = true,
            description = "Write real held-out images, or the real image of every evaluation prompt (--eval-prompts),"
                    + " optionally pixel-shuffled or blurred, as PNGs + prompts.json.")
    static final class ExportReal implements Callable<Integer> {
        @Option(names = "--count", description = "number of held-out images (default: 500)") Integer count;
        @Option(names = "--seed", description = "which held-out images (default: 7)") Long seed;
        @Option(names = "--eval-prompts", description = "instead, the real image of each of the evaluation prompts"
                + " (assets/eval/prompts.json), in order: what `eval model` would measure for a model that drew the data exactly")
        boolean evalPrompts;
        @Option(names = "--degrade", defaultValue = "none",
                description = "none, shuffle (pixels shuffled) or blur2 (Gaussian σ = 2)") String degrade;
        @Option(names = "--judge", description = "judge model (default: " + DEFAULT_JUDGE + ")") Path judge;
        @Option(names = "--out", required = true, description = "output folder") Path out;

        @Override
        public Integer call() throws Exception {
            ImageDegradation degradation = switch (degrade) {
                case "none" -> null;
                case "shuffle" -> new ImageDegradation.PixelShuffle();
                case "blur2" -> new ImageDegradation.Blur(2);
                default -> throw new IllegalArgumentException("unknown --degrade '" + degrade + "' (none, shuffle, blur2)");
            };
            dev.tessera.generation.data.EmojiDataset data = dev.tessera.generation.data.EmojiDataset.loadBundled();
            RealImages real = new RealImages(data);
            ImageSet images;
            if (evalPrompts) {
                if (count != null || seed != null) {
                    throw new IllegalArgumentException("--eval-prompts exports all evaluation prompts; drop --count and --seed");
                }
                images = real.imageSetOf(EvalPromptSet.bundled().prompts(), degradation);
            } else {
                images = real.imageSet(RealImages.draw(real.heldOut(null), count == null ? 500 : count,
                        seed == null ? 7 : seed), degradation);
            }
            ImageFolder.write(images, out);
            System.out.println("wrote " + images.count() + " images and prompts.json to " + out);
            return 0;
        }
    }

    /** {@code eval paired}: two folders rendered with the same prompts and seeds. */
    @Command(name = "paired", mixinStandardHelpOptions = true,
            description = "Paired fidelity of two image folders made with the same prompts and seeds: PSNR and judge-feature distance.")
    static final class Paired implements Callable<Integer> {
        @Option(names = "--a", required = true, description = "first folder (with prompts.json)") Path first;
        @Option(names = "--b", required = true, description = "second folder (with prompts.json, same order)") Path second;
        @Option(names = "--judge", description = "judge model (default: " + DEFAULT_JUDGE + ")") Path judge;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            CliChecks.of(spec).imageFolder("--a", first).existingFile("--a prompts", first.resolve("prompts.json"))
                    .imageFolder("--b", second).existingFile("--b prompts", second.resolve("prompts.json"))
                    .existingFile("--judge", judgePath(judge)).orRefuse();
            try (EvaluationSession session = EvaluationSession.open(judgePath(judge), EvaluationOptions.defaults())) {
                ImageSet a = ImageFolder.read(first, first.resolve("prompts.json"), session.catalogue(), session.imageSize());
                ImageSet b = ImageFolder.read(second, second.resolve("prompts.json"), session.catalogue(), session.imageSize());
                PairedComparison.Result r = PairedComparison.compare(a, b, session.runner());
                System.out.printf(java.util.Locale.ROOT,
                        "%d pairs: PSNR mean %.2f dB, median %.2f dB (%d identical); judge-feature distance %.4f (%.2f %% of the mean feature norm)%n",
                        r.psnr().imageCount(), r.psnr().meanDb(), r.psnr().medianDb(), r.psnr().identicalCount(),
                        r.features().meanDistance(), 100 * r.features().relativeDistance());
            }
            return 0;
        }
    }
}
