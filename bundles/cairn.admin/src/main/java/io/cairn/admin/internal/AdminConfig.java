/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the admin shell endpoint. The root credentials come from the node configuration
 * ({@code io.cairn.node}); the rest may be set in {@code conf/io.cairn.admin.cfg}.
 */
@ObjectClassDefinition(name = "Cairn admin", description = "The signed shell endpoint behind 'cairn admin'.")
@interface AdminConfig {

    @AttributeDefinition(description = "Root user allowed to call the endpoint.")
    String rootUser() default "";

    @AttributeDefinition(description = "Root password the calls are signed with.", type = AttributeType.PASSWORD)
    // The leading underscore maps to the private property ".rootPassword", never copied to service properties.
    String _rootPassword() default "";

    @AttributeDefinition(description = "Accept calls from addresses other than loopback.")
    boolean allowRemote() default false;

    @AttributeDefinition(description = "Largest accepted command line, in bytes.")
    int maxCommandBytes() default 65_536;
}
