/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the node's HTTP listener; the address comes from {@code cairn server --address}. */
@ObjectClassDefinition(name = "Cairn node", description = "The node's S3 and admin HTTP listener.")
@interface NodeConfig {

    @AttributeDefinition(description = "Listen address of the S3 API, health and admin endpoints: [host]:port.")
    String address() default ":9000";

    @AttributeDefinition(description = "Milliseconds a connection may stay idle before it is closed.")
    long idleTimeoutMs() default 30_000L;

    @AttributeDefinition(description = "Largest accepted request line plus headers, in bytes.")
    int maxRequestHeaderBytes() default 16_384;

    @AttributeDefinition(description = "Largest number of threads serving requests.")
    int maxThreads() default 256;

    @AttributeDefinition(description = "Milliseconds allowed for a graceful stop before connections are closed.")
    long stopTimeoutMs() default 5_000L;

    @AttributeDefinition(description = "Root user, shown in the startup banner.")
    String rootUser() default "";

    @AttributeDefinition(description = "Root password, shown in the banner only while it is the default.",
            type = AttributeType.PASSWORD)
    // The leading underscore maps to the private property ".rootPassword", never copied to service properties.
    String _rootPassword() default "";

    @AttributeDefinition(description = "Whether the root credentials are the built-in defaults.")
    boolean defaultCredentials() default false;
}
