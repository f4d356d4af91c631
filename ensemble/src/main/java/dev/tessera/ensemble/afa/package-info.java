/**
 * Adaptive Feature Aggregation over U-Net experts (docs/ensemble.md). Read in this order:
 * <ol>
 *   <li>the aggregator: {@code AggregatorConfig}, {@code PointAggregator} (one aggregation point: per-pixel
 *       softmax weights over the experts from their features, the timestep and the condition),
 *       {@code Aggregator} (all points, a {@code FeatureMixer});</li>
 *   <li>ensembles as ε-predictors: {@code EnsembleNetwork} (AFA or feature averaging), {@code OutputAveraging}
 *       (ε averaging) and {@code ParameterAveraging} (a merged U-Net file), the baselines;</li>
 *   <li>the model file: {@code ExpertReference}, {@code EnsembleConfig}, {@code ExpertFiles} (experts checked by
 *       path, architecture and content hash), {@code AfaEnsemble} (kind "ensemble");</li>
 *   <li>training the aggregator with the experts frozen: {@code AfaTrainingSpec}, {@code AfaTraining};</li>
 *   <li>measuring: {@code RoutingObserver} (sees each point's weights as {@code Aggregator.observedBy} mixes),
 *       {@code RoutingStatistics} (mean weight per expert and point), {@code EnsembleLossComparison} (the
 *       ensemble, its experts and the baselines on the same batches);</li>
 *   <li>routing pictures: {@code RoutingRecorder} (every step's per-pixel weight maps while sampling, a
 *       {@code RoutingTrace}), {@code RoutingSummary} (mean weight and entropy per point and timestep band, the
 *       union), {@code RoutingColours} and {@code RoutingSheet} (heat-map PNGs).</li>
 * </ol>
 */
package dev.tessera.ensemble.afa;
