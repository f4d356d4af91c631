package dev.tessera.compression.unet;

import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.generation.data.EmojiStyle;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The contribution table of a U-Net expert by position, as {@code eval contributions} writes it. */
public final class UnetContributionReport {

    private UnetContributionReport() {}

    /** What removing {@code part} leaves: "identity" or "1×1 skip conv" (a ResBlock whose channels change). */
    public static String removedMeans(UnetConfig config, String part) {
        return part.contains("attn") || inputWidth(config, part) == outputWidth(config, part) ? "identity" : "1×1 skip conv";
    }

    /** The side in pixels the block works at. */
    public static int resolution(UnetConfig config, String part) {
        return part.startsWith("mid.") ? config.resolution(config.levels() - 1) : config.resolution(level(part));
    }

    private static int level(String part) {
        return Integer.parseInt(part.split("\\.")[1]);
    }

    private static int outputWidth(UnetConfig config, String part) {
        return part.startsWith("mid.") ? config.width(config.levels() - 1) : config.width(level(part));
    }

    /** A ResBlock's input channels (an up block reads its skip too, so its channels always change). */
    private static int inputWidth(UnetConfig config, String part) {
        if (part.startsWith("up.")) {
            return -1;
        }
        if (part.startsWith("mid.")) {
            return config.width(config.levels() - 1);
        }
        int level = level(part);
        boolean first = part.endsWith(".0");
        return !first ? config.width(level) : level == 0 ? config.channels() : config.width(level - 1);
    }

    public static String markdown(Path model, UnetConfig config, List<EmojiStyle> styles, int calibration,
            int judgePrompts, List<UnetContribution> contributions, UnetContributionCheck.Result judged, double minutes) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Each ResBlock and attention of %s removed in"
                + " turn: ε-error against the whole expert on %d training images of %s (noised at stratified timesteps,"
                + " a tenth with the null condition)%s; %.0f min.%n%n", model.getFileName(), calibration, styles,
                judged == null ? "" : String.format(Locale.ROOT, "; identity accuracy and paired PSNR on %d seen"
                        + " evaluation prompts of %s at the defaults (whole expert: identity top-5 %.1f %%)", judgePrompts,
                        styles, 100 * judged.whole().promptAccuracy().identityTop5().value()), minutes));
        text.append("| # | block | at | removed means | parameters | ε-error |")
                .append(judged == null ? "" : " identity top-5 | paired PSNR, median dB |")
                .append("\n| ---: | --- | ---: | --- | ---: | ---: |").append(judged == null ? "" : " ---: | ---: |").append('\n');
        for (int i = 0; i < contributions.size(); i++) {
            UnetContribution c = contributions.get(i);
            text.append(String.format(Locale.ROOT, "| %d | %s | %d px | %s | %,d | %.5f |", c.position(), c.part(),
                    resolution(config, c.part()), removedMeans(config, c.part()), c.parametersSaved(), c.epsilonError()));
            if (judged != null) {
                UnetContributionCheck.Judged j = judged.parts().get(i);
                text.append(String.format(Locale.ROOT, " %.1f %% | %.1f |",
                        100 * j.quality().promptAccuracy().identityTop5().value(), j.psnr().medianDb()));
            }
            text.append('\n');
        }
        if (judged != null) {
            text.append(String.format(Locale.ROOT, "%nSpearman rank correlation of the ε-error with the loss of identity"
                    + " top-5: %.2f; with the paired PSNR: %.2f.%n", judged.rankCorrelationWithIdentityLoss(),
                    judged.rankCorrelationWithPsnr()));
        }
        return text.toString();
    }

    /** One line per block in forward order: position, ε-error, and when judged its identity top-5 (%) and PSNR. */
    public static String plotData(List<UnetContribution> contributions, UnetContributionCheck.Result judged) {
        StringBuilder out = new StringBuilder("# position block eps" + (judged == null ? "" : " top5 psnr_db top5_whole") + "\n");
        for (int i = 0; i < contributions.size(); i++) {
            UnetContribution c = contributions.get(i);
            out.append(String.format(Locale.ROOT, "%d %s %.6f", c.position(), c.part(), c.epsilonError()));
            if (judged != null) {
                UnetContributionCheck.Judged j = judged.parts().get(i);
                out.append(String.format(Locale.ROOT, " %.2f %.2f %.2f", 100 * j.quality().promptAccuracy().identityTop5().value(),
                        j.psnr().medianDb(), 100 * judged.whole().promptAccuracy().identityTop5().value()));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
