package dev.tessera.compression.prune;

import java.util.Arrays;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * How well the ε-error proxy ranks ablated parts (ACDiT layers or U-Net blocks) against what the judge sees:
 * Spearman's rank correlation of the parts' ε-errors with their loss of identity top-5 accuracy and with their
 * paired PSNR to the whole model.
 */
public final class ProxyRanking {

    private ProxyRanking() {}

    public static double withIdentityLoss(double[] epsilonErrors, double wholeTop5, double[] partTop5) {
        return new SpearmansCorrelation().correlation(epsilonErrors,
                Arrays.stream(partTop5).map(top5 -> wholeTop5 - top5).toArray());
    }

    /** Negative when the proxy works: more error, lower PSNR. */
    public static double withPsnr(double[] epsilonErrors, double[] psnr) {
        return new SpearmansCorrelation().correlation(epsilonErrors, psnr);
    }
}
