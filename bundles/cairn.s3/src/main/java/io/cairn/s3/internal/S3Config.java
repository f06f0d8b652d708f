/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the S3 API. The credentials, domain and region come from the node configuration
 * ({@code io.cairn.node}); the limits may be tuned in {@code conf/io.cairn.s3.cfg}.
 */
@ObjectClassDefinition(name = "Cairn S3 API", description = "The S3 REST API served on the node's listener.")
@interface S3Config {

    @AttributeDefinition(description = "Root access key; empty means the default minioadmin (with a warning).")
    String rootUser() default "";

    @AttributeDefinition(description = "Root secret key.", type = AttributeType.PASSWORD)
    // The leading underscore maps to the private property ".rootPassword", never copied to service properties.
    String _rootPassword() default "";

    @AttributeDefinition(description = "Domain(s) for virtual-host-style requests (<bucket>.<domain>), comma"
            + " separated; empty serves path style only.")
    String domain() default "";

    @AttributeDefinition(description = "Region reported to clients and required in signatures; empty accepts any"
            + " region and reports us-east-1.")
    String region() default "";

    @AttributeDefinition(description = "Origins whose web pages may read answers (CORS), comma separated; * in an"
            + " origin stands for any run of characters. Set from CAIRN_API_CORS_ALLOW_ORIGIN.")
    String corsAllowOrigin() default "*";

    @AttributeDefinition(description = "Largest accepted XML request body (DeleteObjects,"
            + " CompleteMultipartUpload, tagging), in bytes.")
    int maxXmlBodyBytes() default 2 << 20;

    @AttributeDefinition(description = "Largest accepted difference between a request's time and the server's"
            + " clock, in milliseconds.")
    long maxClockSkewMs() default 15L * 60 * 1000;

    @AttributeDefinition(description = "Threads computing payload digests beside the storage write path.")
    int digestThreads() default 2;
}
