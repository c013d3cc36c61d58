/**
 * Start-up: the tokenlb.* settings, the wiring of a CamelContext into the gateway, the camel-main launcher and the
 * runnable main class. The top room: may import every other gateway package; none may import it.
 */
package dev.tokenlb.gateway.config;
