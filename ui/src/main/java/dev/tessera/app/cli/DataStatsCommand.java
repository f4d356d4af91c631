package dev.tessera.app.cli;

import dev.tessera.generation.data.EmojiDataStats;
import dev.tessera.generation.data.EmojiDataset;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tessera data stats}: counts per style and category as a Markdown table. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print counts per style and category of the bundled emoji sets (or of the given .bin files) as Markdown.")
public final class DataStatsCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "emoji .bin files; default: the bundled 32×32 sets")
    List<Path> files;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CliChecks checks = CliChecks.of(spec);
        (files == null ? List.<Path>of() : files).forEach(f -> checks.existingFile("FILE", f));
        checks.orRefuse();
        EmojiDataset dataset = files == null || files.isEmpty() ? EmojiDataset.loadBundled()
                : EmojiDataset.load(files.toArray(Path[]::new));
        System.out.print(EmojiDataStats.markdown(dataset));
        return 0;
    }
}
