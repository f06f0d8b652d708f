/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

/** The version of this build, read from the jar manifest. */
final class Version {

    private Version() {
    }

    static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        if (version == null) {
            version = Version.class.getPackage().getSpecificationVersion();
        }
        return version == null ? "development" : version;
    }
}
