package dev.tokenlb.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tokenlb.count.ApiShape;
import dev.tokenlb.count.CountedRequest;

/**
 * Learns the expected output length online from finished replies, per model and conditioned on what a request shows
 * before it is sent: its prompt size (power-of-two bucket) and its own output limit (bucket, or none). Each cell keeps
 * a running mean over about the last {@link #WINDOW} replies, blended with the model's mean (or the prior) while it
 * has few; every estimate is capped by the request's own limit. Memory is bounded: at most {@link #MAX_CELLS} cells
 * and {@link #MAX_MODELS} models; past that, new models share one cell set and new cells fall back to their model.
 * <p>
 * Thread-safe; share one instance.
 */
public final class LearnedOutputEstimator implements OutputEstimator {

    static final int WINDOW = 256;
    static final int MAX_CELLS = 4096;
    static final int MAX_MODELS = 64;
    /** Pseudo-observations of the broader mean blended into a young cell. */
    static final double BLEND = 4;
    static final String OTHER_MODELS = "*";

    private final int prior;
    private final Map<String, RunningMean> models = new ConcurrentHashMap<>();
    private final Map<String, RunningMean> cells = new ConcurrentHashMap<>();
    private final Map<String, ErrorStats> errors = new ConcurrentHashMap<>();

    /** @param prior expected output tokens before any reply was seen */
    public LearnedOutputEstimator(int prior) {
        if (prior < 0) {
            throw new IllegalArgumentException("prior must be >= 0, was " + prior);
        }
        this.prior = prior;
    }

    @Override
    public long expectedOutputTokens(CountedRequest request, String body) {
        if (request.shape() == ApiShape.EMBEDDINGS) {
            return 0;
        }
        String model = modelKey(request.model());
        RunningMean modelMean = models.get(model);
        double broad = modelMean == null || modelMean.count() == 0 ? prior : modelMean.mean();
        RunningMean cell = cells.get(cellKey(model, request));
        double estimate = broad;
        if (cell != null && cell.count() > 0) {
            double n = Math.min(cell.count(), WINDOW);
            estimate = (cell.mean() * n + broad * BLEND) / (n + BLEND);
        }
        long expected = Math.round(estimate);
        int limit = request.maxOutputTokens();
        return limit >= 0 ? Math.min(limit, expected) : expected;
    }

    @Override
    public void observe(CountedRequest request, long actualOutputTokens) {
        if (request.shape() == ApiShape.EMBEDDINGS || actualOutputTokens < 0) {
            return;
        }
        long predicted = expectedOutputTokens(request, null);
        String model = modelKey(request.model());
        errors.computeIfAbsent(model, m -> new ErrorStats()).add(predicted, actualOutputTokens);
        models.computeIfAbsent(model, m -> new RunningMean()).add(actualOutputTokens);
        String key = cellKey(model, request);
        RunningMean cell = cells.get(key);
        if (cell == null && cells.size() < MAX_CELLS) {
            cell = cells.computeIfAbsent(key, k -> new RunningMean());
        }
        if (cell != null) {
            cell.add(actualOutputTokens);
        }
    }

    @Override
    public String name() {
        return "learned";
    }

    /** Prediction against observation per model, for status pages. */
    public List<ModelAccuracy> accuracy() {
        List<ModelAccuracy> out = new ArrayList<>();
        errors.forEach((model, e) -> out.add(e.snapshot(model)));
        out.sort((a, b) -> a.model().compareTo(b.model()));
        return out;
    }

    private String modelKey(String model) {
        String m = model == null ? "" : model;
        if (models.containsKey(m) || models.size() < MAX_MODELS) {
            return m;
        }
        return OTHER_MODELS;
    }

    private static String cellKey(String model, CountedRequest request) {
        int limit = request.maxOutputTokens();
        return model + '|' + bucket(request.promptTokens()) + '|' + (limit < 0 ? "-" : Integer.toString(bucket(limit)));
    }

    /** floor(log2(n + 1)): 0, 1, 2-3 → 1..., so prompt sizes 300, 3,000 and 30,000 land in different cells. */
    static int bucket(long n) {
        return 63 - Long.numberOfLeadingZeros(n + 1);
    }

    /**
     * Accuracy of the estimate for one model.
     *
     * @param model             the model ({@code ""} when requests name none)
     * @param replies           replies observed
     * @param meanPredicted     mean of the predictions for those replies
     * @param meanObserved      mean of their real output tokens
     * @param meanAbsoluteError mean of |prediction - real|
     */
    public record ModelAccuracy(String model, long replies, double meanPredicted, double meanObserved,
            double meanAbsoluteError) {
    }

    /** A mean over about the last WINDOW values. Thread-safe. */
    static final class RunningMean {
        private long count;
        private double mean;

        synchronized void add(double x) {
            count++;
            mean += (x - mean) / Math.min(count, WINDOW);
        }

        synchronized long count() {
            return count;
        }

        synchronized double mean() {
            return mean;
        }
    }

    /** Running sums of predictions, observations and absolute errors. Thread-safe. */
    static final class ErrorStats {
        private long n;
        private double predicted;
        private double observed;
        private double absError;

        synchronized void add(long p, long o) {
            n++;
            predicted += p;
            observed += o;
            absError += Math.abs(p - o);
        }

        synchronized ModelAccuracy snapshot(String model) {
            return n == 0 ? new ModelAccuracy(model, 0, 0, 0, 0)
                    : new ModelAccuracy(model, n, predicted / n, observed / n, absError / n);
        }
    }
}
