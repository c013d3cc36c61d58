package dev.tokenlb.engine;

/**
 * The inference servers whose metric names we know. A backend's kind is detected from the names its {@code /metrics}
 * shows (each engine has its own prefix), or forced in the {@link EngineScraper}'s settings.
 */
public enum EngineKind {
    /** vLLM, {@code vllm:*}: the v1 engine's names and the older v0 ones. */
    VLLM,
    /** SGLang, {@code sglang:*}. */
    SGLANG,
    /** llama.cpp's {@code llama-server --metrics}, {@code llamacpp:*}. */
    LLAMA_CPP,
    /** Hugging Face text-generation-inference, {@code tgi_*}. */
    TGI
}
