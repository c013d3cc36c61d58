/**
 * A simulated OpenAI-compatible LLM server with a continuous-batching latency model, for the gateway's tests and the
 * balancing benchmark. Several backends run in one process on one Vert.x, each with its own engine and speed.
 *
 * <pre>
 * try (SimulatedLlmCluster cluster = SimulatedLlmCluster.start(SimulatorConfig.defaults(), 2.0, 1.0, 1.0, 0.5)) {
 *     cluster.baseUrls();                     // http://127.0.0.1:PORT, one per backend
 *     cluster.backend(3).setFailureStatus(503);
 * }
 * </pre>
 *
 * <p>The latency model ({@link dev.tokenlb.sim.SimulatorConfig} has the knobs): each backend runs steps; a step
 * decodes one token for every running sequence and takes {@code base + perSequence * batch + perThousandKv * kv/1000}
 * ms, plus the prefill time of the prompts admitted in it ({@code promptTokens / prefillTokensPerSecond}). At most
 * {@code maxRunningSequences} run, their KV (prompt + output, reserved at admission) within {@code maxKvTokens}; the
 * rest wait in FIFO order. Every duration is divided by {@code speed} and multiplied by {@code timeScale}. Output
 * lengths are a bounded lognormal keyed on the request's model and prompt ({@link dev.tokenlb.sim.OutputLengthModel}),
 * so the same request always generates the same text, and an oracle can know its length.
 *
 * <p>Prefix caching, on by default as in vLLM v1 ({@code prefixCacheBlocks}, 0 = off): each backend keeps an LRU of
 * {@code prefixBlockTokens}-token blocks ({@code PrefixCache}), hashed in a chain from the request as the engine sees
 * it ({@code PromptBlocks}); a request admitted while its leading blocks are cached prefills only the rest. Each
 * backend serves vLLM's {@code GET /metrics} ({@code VllmMetricsText}, from {@code EngineMetrics}), unless
 * {@code metricsEnabled} is off.
 *
 * <p>Layers, one concept each: request parsing ({@code RequestParser}, {@code PromptTokenCounter}), output lengths
 * ({@code OutputLengthModel}), scheduling ({@code BatchingEngine}, {@code StepCostModel}, {@code PrefixCache}), metrics
 * ({@code EngineMetrics}, {@code Histogram}, {@code VllmMetricsText}), HTTP ({@code ApiHandler},
 * {@code InferenceCall}, the reply writers), and the public entry points ({@code SimulatedLlmServer},
 * {@code SimulatedLlmCluster}, {@code SimulatorMain}).
 */
package dev.tokenlb.sim;
