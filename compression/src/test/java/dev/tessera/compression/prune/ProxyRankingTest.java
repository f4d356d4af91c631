package dev.tessera.compression.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProxyRankingTest {

    @Test
    void aProxyThatRanksLikeTheJudgeCorrelatesWithTheLossNotWithTheScore() {
        double[] errors = {0.01, 0.3, 0.05, 0.2};
        double[] top5 = {0.80, 0.20, 0.70, 0.40}; // more error, lower accuracy: a larger loss
        assertEquals(1.0, ProxyRanking.withIdentityLoss(errors, 0.85, top5), 1e-12);
        assertEquals(-1.0, ProxyRanking.withPsnr(errors, new double[] {30, 10, 25, 12}), 1e-12);
        assertEquals(-1.0, ProxyRanking.withIdentityLoss(errors, 0.85, new double[] {0.2, 0.8, 0.4, 0.7}), 1e-12);
    }
}
