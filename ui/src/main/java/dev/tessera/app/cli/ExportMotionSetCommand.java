package dev.tessera.app.cli;

import dev.tessera.generation.acdit.training.MotionSetExport;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.text.PromptEncoder;
import dev.tessera.generation.video.MotionClips;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tessera data export-motion-set --out <file>}: the video model's sprites and prompts for the GPU trainer. */
@Command(name = "export-motion-set", mixinStandardHelpOptions = true,
        description = {"Write what a video model trains on (the training split's base emoji as sprites, every "
                + "(sprite, motion) pair with whether it is held out, each pair's prompt texts with their MiniLM "
                + "vectors) as one gzipped safetensors file for the PyTorch trainer in training/, which draws and "
                + "renders the clips itself (docs/video.md)."})
public final class ExportMotionSetCommand implements Callable<Integer> {

    @Mixin ExportOptions export;

    @Option(names = "--sprite-side", paramLabel = "<texels>",
            description = "texels on a sprite's side, the 32 px art shrunk to it (default: ${DEFAULT-VALUE})")
    int spriteSide = 16;

    @Override
    public Integer call() throws Exception {
        EmojiStyle[] chosen = export.chosenStyles();
        long started = System.nanoTime();
        // The frame count does not matter here: the twin draws paths for its config's frames.
        MotionClips clips = new MotionClips(EmojiDataset.loadBundled(chosen), 16, 0, spriteSide);
        MotionSetExport.Summary summary = MotionSetExport.write(export.out, clips, PromptEncoder.shared());
        System.out.printf(Locale.ROOT, "wrote %s: %d sprites of %d², %d pairs (%d held out), %d prompt texts, %.1f MB in %.0f s%n",
                export.out, summary.sprites(), spriteSide, summary.pairs(), summary.heldOutPairs(), summary.promptTexts(),
                summary.bytes() / 1e6, (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
