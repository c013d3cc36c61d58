/**
 * Models: which backend serves which model (configured or discovered from {@code /v1/models}), and which backends a
 * request's model may go to (aliases, default model, fallbacks). A part: imports only {@code ledger.Target}.
 */
package dev.tokenlb.model;
