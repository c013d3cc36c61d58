/**
 * What the inference engines report: their Prometheus {@code /metrics} scraped off the request path, parsed for the
 * few families each engine (vLLM, SGLang, llama.cpp, TGI) names its load with, and kept as one snapshot per backend.
 * A part: it imports the JDK and SLF4J only, nothing of Camel and nothing else of {@code dev.tokenlb}.
 */
package dev.tokenlb.engine;
