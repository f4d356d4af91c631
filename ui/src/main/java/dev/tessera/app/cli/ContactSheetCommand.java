package dev.tessera.app.cli;

import dev.tessera.generation.data.EmojiContactSheet;
import dev.tessera.generation.data.EmojiDataFile;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiSet;
import dev.tessera.generation.data.EmojiStyle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera data contact-sheet}: a PNG grid of random emoji of one style. */
@Command(name = "contact-sheet", mixinStandardHelpOptions = true,
        description = "Write a PNG grid of random items of an emoji set, upscaled with nearest neighbour.")
public final class ContactSheetCommand implements Callable<Integer> {

    @Option(names = "--style", description = "google or twitter: read the bundled 32×32 set")
    String style;

    @Option(names = "--data", description = "read this emoji .bin file instead of the bundled set")
    Path dataFile;

    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    @Option(names = "--grid", defaultValue = "8", description = "columns and rows (default: ${DEFAULT-VALUE})")
    int grid;

    @Option(names = "--scale", defaultValue = "4", description = "upscaling factor (default: ${DEFAULT-VALUE})")
    int scale;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random pick (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws IOException {
        if ((style == null) == (dataFile == null)) {
            throw new IllegalArgumentException("give exactly one of --style or --data");
        }
        EmojiSet set = dataFile != null ? EmojiDataFile.read(dataFile)
                : EmojiDataset.loadBundledSet(EmojiStyle.parse(style), EmojiDataset.BUNDLED_SIZE);
        BufferedImage sheet = EmojiContactSheet.render(set, grid, grid, scale, seed);
        EmojiContactSheet.writePng(sheet, out);
        System.out.printf("wrote %s (%d×%d, %s, seed %d)%n", out, sheet.getWidth(), sheet.getHeight(), set.source(), seed);
        return 0;
    }
}
