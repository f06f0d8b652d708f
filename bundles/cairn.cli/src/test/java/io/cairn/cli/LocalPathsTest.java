/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class LocalPathsTest {

    @Test
    void relativePathsBecomeAbsoluteAndUrlsStayAsGiven() {
        Path cwd = Path.of("/srv/cairn");
        List<String> result = LocalPaths.absolute(List.of("./data{1...4}", "disk{a...d}", "/mnt/x{1...2}",
                "http://node{1...4}:9000/mnt/d{1...2}"), cwd);
        assertEquals(List.of("/srv/cairn/data{1...4}", "/srv/cairn/disk{a...d}", "/mnt/x{1...2}",
                "http://node{1...4}:9000/mnt/d{1...2}"), result);
    }
}
