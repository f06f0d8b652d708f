/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

/**
 * The fixed access control list every bucket and object has: the owner with FULL_CONTROL (ACLs cannot be changed).
 */
final class Acl {

    private Acl() {
    }

    static byte[] fullControl(Owner owner) {
        XmlWriter xml = new XmlWriter().root("AccessControlPolicy");
        owner.write(xml);
        xml.start("AccessControlList").start("Grant")
                .startWith("Grantee", "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                        + " xsi:type=\"CanonicalUser\"")
                .element("ID", owner.id()).element("DisplayName", owner.displayName()).end()
                .element("Permission", "FULL_CONTROL").end().end();
        return xml.toBytes();
    }
}
