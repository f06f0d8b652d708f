/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * A small XML writer for S3 responses. Responses are bounded (a listing page holds at most 1000 entries), so the
 * document is built in memory; text is escaped, and characters XML 1.0 cannot carry as they are (control characters
 * other than tab and line feed, U+FFFE, U+FFFF) are written as numeric character references, as S3 writes them, so
 * that a key holding one is listed as the key that was stored, never as another (clients whose parser refuses such
 * references ask for {@code encoding-type=url}, as S3 advises).
 */
final class XmlWriter {

    /** The S3 namespace on every response's root element. */
    static final String S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final StringBuilder out = new StringBuilder(256).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final Deque<String> open = new ArrayDeque<>();

    /**
     * Opens the root element with the S3 namespace.
     *
     * @param name the element name
     * @return this writer
     */
    XmlWriter root(String name) {
        out.append('<').append(name).append(" xmlns=\"").append(S3_NS).append("\">");
        open.push(name);
        return this;
    }

    XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /**
     * Writes an element with text; {@code null} text writes nothing.
     *
     * @param name the element name
     * @param text the text or {@code null}
     * @return this writer
     */
    XmlWriter element(String name, Object text) {
        if (text == null) {
            return this;
        }
        out.append('<').append(name).append('>');
        escape(String.valueOf(text));
        out.append("</").append(name).append('>');
        return this;
    }

    /**
     * Opens an element with attributes written as given (trusted constant text only).
     *
     * @param name the element name
     * @param attributes the attribute text, for example {@code xmlns:xsi="..."}
     * @return this writer
     */
    XmlWriter startWith(String name, String attributes) {
        out.append('<').append(name).append(' ').append(attributes).append('>');
        open.push(name);
        return this;
    }

    /**
     * Writes text inside the current element.
     *
     * @param text the text
     * @return this writer
     */
    XmlWriter text(String text) {
        escape(text);
        return this;
    }

    byte[] toBytes() {
        while (!open.isEmpty()) {
            end();
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '&':
                    out.append("&amp;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&apos;");
                    break;
                default:
                    if (legal(c)) {
                        out.append(c);
                    } else {
                        out.append("&#x").append(Integer.toHexString(c).toUpperCase(Locale.ROOT)).append(';');
                    }
            }
        }
    }

    /** Whether XML 1.0 carries the character as it is; a carriage return would be read back as a line feed. */
    private static boolean legal(char c) {
        return c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\t' || c == '\n';
    }
}
