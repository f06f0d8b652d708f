/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.object.BucketStore;
import io.cairn.api.object.MultipartStore;
import io.cairn.api.object.ObjectLister;
import io.cairn.api.object.ObjectStore;

/**
 * The S3 API as a Jetty handler on the node's listener: it serves every path no other front end claims
 * ({@code cairn.http.path=/}). Configured from the node configuration ({@code io.cairn.node}: root credentials,
 * domain, region) and optionally {@code io.cairn.s3} (limits).
 */
@Component(service = Handler.class, configurationPid = {"io.cairn.node", "io.cairn.s3"},
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "cairn.http.path=/")
public final class S3Handler extends Handler.Abstract {

    /** The credentials used when none are configured, as MinIO does. */
    static final String DEFAULT_CREDENTIAL = "minioadmin";

    private static final Logger LOG = LoggerFactory.getLogger(S3Handler.class);

    private final S3Api api;
    private final ThreadPoolExecutor digests;

    /**
     * Activates the handler.
     *
     * @param buckets the bucket store
     * @param objects the object store
     * @param multipart the multipart store
     * @param lister the lister
     * @param config the configuration
     * @throws IllegalArgumentException naming the file and setting when a setting is refused
     */
    @Activate
    public S3Handler(@Reference BucketStore buckets, @Reference ObjectStore objects,
            @Reference MultipartStore multipart, @Reference ObjectLister lister, S3Config config) {
        S3Settings.check(config);
        String user = config.rootUser();
        String password = config._rootPassword();
        if (user.isEmpty() || password.isEmpty()) {
            LOG.warn("WARNING: no root credentials are configured; the S3 API accepts the default"
                    + " credentials {}:{}. Set CAIRN_ROOT_USER and CAIRN_ROOT_PASSWORD.", DEFAULT_CREDENTIAL,
                    DEFAULT_CREDENTIAL);
            user = DEFAULT_CREDENTIAL;
            password = DEFAULT_CREDENTIAL;
        }
        Settings settings = new Settings(user, password, domains(config.domain()),
                config.region().trim(), config.maxXmlBodyBytes(), Duration.ofMillis(config.maxClockSkewMs()),
                Cors.parse(config.corsAllowOrigin()));
        this.digests = digestPool(config.digestThreads());
        this.api = new S3Api(new Stores(buckets, objects, multipart, lister), settings, digests,
                Clock.systemUTC());
    }

    @Deactivate
    void deactivate() {
        digests.shutdown();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        api.handle(request, response, callback);
        return true;
    }

    /**
     * Creates the pool computing payload digests beside the write path. Its queue is not bounded by count because
     * each body already bounds its own queued batches ({@link DigestLane#MAX_IN_FLIGHT}) and the listener bounds
     * the number of concurrent requests; a rejected task (after shutdown) makes the body digest inline.
     *
     * @param threads the thread count
     * @return the pool
     */
    static ThreadPoolExecutor digestPool(int threads) {
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "cairn-s3-digest-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    static List<String> domains(String text) {
        List<String> domains = new ArrayList<>();
        for (String d : text.split(",")) {
            String domain = d.trim().toLowerCase(Locale.ROOT);
            if (domain.endsWith(".")) {
                domain = domain.substring(0, domain.length() - 1);
            }
            if (!domain.isEmpty()) {
                domains.add(domain);
            }
        }
        return domains;
    }
}
