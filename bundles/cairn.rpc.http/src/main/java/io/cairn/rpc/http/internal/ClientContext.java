/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.eclipse.jetty.client.HttpClient;

/**
 * What every peer client of one transport shares.
 *
 * @param http the started HTTP/2 client
 * @param signer signs calls, {@code null} when the node has no root credentials
 * @param config the settings
 * @param gate counts calls in flight
 * @param scheduler runs probes and delivers state changes, one thread so changes arrive in order
 * @param notifier receives online/offline changes
 * @param returned receives the peers that announced they serve their drives again, once they answered a probe
 */
record ClientContext(HttpClient http, Signer signer, RpcConfig config, CallGate gate,
        ScheduledExecutorService scheduler, BiConsumer<String, Boolean> notifier, Consumer<String> returned) {
}
