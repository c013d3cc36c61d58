/** Spring Boot starter: auto-configuration that builds the library's balancer, counter, health and metrics from tokenlb.* settings. */
package dev.tokenlb.springboot;
