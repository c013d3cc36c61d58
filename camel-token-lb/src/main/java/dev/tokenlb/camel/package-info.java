/**
 * Camel extras that look up balancers in the registry: the readiness health check and the dev console. Imports the
 * root's balancer and the parts; nothing imports it.
 */
package dev.tokenlb.camel;
