/**
 * Operations endpoints: Prometheus metrics, /tokenlb/status, health and the model list. May import
 * dev.tokenlb.gateway.errors only.
 */
package dev.tokenlb.gateway.ops;
