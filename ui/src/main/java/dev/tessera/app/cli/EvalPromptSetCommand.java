package dev.tessera.app.cli;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.eval.EvalPromptSet;
import dev.tessera.generation.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera eval prompt-set}: (re)builds the committed evaluation prompt set. */
@Command(name = "prompt-set", mixinStandardHelpOptions = true,
        description = "Build the fixed evaluation prompt set (all held-out emoji + a seeded sample of seen ones, both styles).")
final class EvalPromptSetCommand implements Callable<Integer> {

    @Option(names = "--seen", defaultValue = "162", description = "seen emoji to include (default: ${DEFAULT-VALUE})") int seen;
    @Option(names = "--seed", defaultValue = "2026", description = "which seen emoji (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--out", required = true, description = "e.g. assets/eval/prompts.json") Path out;

    @Override
    public Integer call() throws Exception {
        EvalPromptSet set = EvalPromptSet.build(EmojiDataset.loadBundled(), seen, seed);
        AtomicFiles.write(out, set.toJson().getBytes(StandardCharsets.UTF_8));
        System.out.printf("wrote %d prompts (%d seen, %d held out) to %s%n", set.prompts().size(), set.seenCount(),
                set.prompts().size() - set.seenCount(), out);
        return 0;
    }
}
