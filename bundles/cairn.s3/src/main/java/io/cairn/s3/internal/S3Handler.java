/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
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
 *
 * <p>The handler registers itself once its settings are accepted (see {@link S3Settings}). A refused setting is logged
 * in one {@code ERROR} line: at start the S3 API is not registered until the file is corrected (the node answers 503
 * and is not ready), on an edit it keeps serving with the settings it had. Accepted settings take effect for the
 * requests that start afterwards.
 */
@Component(service = {}, configurationPid = {"io.cairn.node", "io.cairn.s3"},
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class S3Handler extends Handler.Abstract {

    /** The credentials used when none are configured, as MinIO does. */
    static final String DEFAULT_CREDENTIAL = "minioadmin";

    private static final Logger LOG = LoggerFactory.getLogger(S3Handler.class);

    private final Stores stores;
    private final BundleContext context;
    /** The API on the accepted settings; {@code null} while none were accepted. */
    private volatile Serving serving;
    private ServiceRegistration<Handler> registration;

    /**
     * The API on one version of the settings, and its pool of digest threads.
     *
     * @param api the API
     * @param digests the pool computing payload digests
     */
    private record Serving(S3Api api, ThreadPoolExecutor digests) {
    }

    /**
     * Activates the handler, and registers it when its settings are accepted.
     *
     * @param buckets the bucket store
     * @param objects the object store
     * @param multipart the multipart store
     * @param lister the lister
     * @param config the configuration
     * @param properties the configuration as given, for a value that does not convert
     * @param context where the handler is registered
     */
    @Activate
    public S3Handler(@Reference BucketStore buckets, @Reference ObjectStore objects,
            @Reference MultipartStore multipart, @Reference ObjectLister lister, S3Config config,
            Map<String, Object> properties, BundleContext context) {
        this.stores = new Stores(buckets, objects, multipart, lister);
        this.context = context;
        configure(config, properties);
    }

    /**
     * Creates a handler that is not registered, for tests.
     *
     * @param buckets the bucket store
     * @param objects the object store
     * @param multipart the multipart store
     * @param lister the lister
     * @param config the configuration
     */
    S3Handler(BucketStore buckets, ObjectStore objects, MultipartStore multipart, ObjectLister lister,
            S3Config config) {
        this(buckets, objects, multipart, lister, config, Map.of(), null);
    }

    /**
     * Takes changed settings, or keeps the current ones when a setting is refused.
     *
     * @param config the configuration
     * @param properties the configuration as given
     */
    @Modified
    void modified(S3Config config, Map<String, Object> properties) {
        configure(config, properties);
    }

    private synchronized void configure(S3Config config, Map<String, Object> properties) {
        Optional<String> refusal = S3Settings.refusal(config, properties);
        if (refusal.isPresent()) {
            LOG.error(refusal.get() + (serving == null
                    ? "; the S3 API is not started until the file is corrected"
                    : "; the S3 API keeps its previous settings until the file is corrected"));
            return;
        }
        String user = config.rootUser();
        String password = config._rootPassword();
        if (user.isEmpty() || password.isEmpty()) {
            if (serving == null) {
                LOG.warn("WARNING: no root credentials are configured; the S3 API accepts the default"
                        + " credentials {}:{}. Set CAIRN_ROOT_USER and CAIRN_ROOT_PASSWORD.", DEFAULT_CREDENTIAL,
                        DEFAULT_CREDENTIAL);
            }
            user = DEFAULT_CREDENTIAL;
            password = DEFAULT_CREDENTIAL;
        }
        Settings settings = new Settings(user, password, domains(config.domain()),
                config.region().trim(), config.maxXmlBodyBytes(), Duration.ofMillis(config.maxClockSkewMs()),
                Cors.parse(config.corsAllowOrigin()));
        ThreadPoolExecutor digests = digestPool(config.digestThreads());
        Serving previous = serving;
        serving = new Serving(new S3Api(stores, settings, digests, Clock.systemUTC()), digests);
        if (previous != null) {
            // Bodies still digesting on the old pool finish there; one it refuses is digested inline.
            previous.digests().shutdown();
        }
        if (registration == null && context != null) {
            registration = context.registerService(Handler.class, this,
                    new Hashtable<>(Map.of("cairn.http.path", "/")));
        }
    }

    /**
     * Tells whether the settings were accepted, so that the API serves.
     *
     * @return {@code true} once settings were accepted
     */
    boolean serving() {
        return serving != null;
    }

    @Deactivate
    synchronized void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (serving != null) {
            serving.digests().shutdown();
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Serving current = serving;
        if (current == null) {
            return false;
        }
        current.api().handle(request, response, callback);
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
