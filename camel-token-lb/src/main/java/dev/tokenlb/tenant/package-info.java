/**
 * Keys with names and limits: the tenants file, its reloading, and per-tenant rate limits (requests and tokens per
 * minute, a daily token budget). Imports only the library's public rate-limit exception.
 */
package dev.tokenlb.tenant;
