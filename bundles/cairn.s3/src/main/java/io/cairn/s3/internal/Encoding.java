/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Percent-encoding as S3 and SigV4 define it, query parsing, and the date formats of the S3 protocol.
 */
final class Encoding {

    private static final HexFormat HEX = HexFormat.of();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** The length of {@code yyyyMMdd'T'HHmmss'Z'}. */
    private static final int AMZ_DATE_LENGTH = 16;
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** C's asctime: the day of the month is padded with a space ({@code Sun Nov  6 08:49:37 1994}). */
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);
    /**
     * RFC 7231 §7.1.1.1: a two-digit year that would lie more than 50 years in the future means the most recent
     * past year with those digits, so the years read lie in {@code [now - 49, now + 50]}.
     */
    private static final int RFC_850_YEARS_AHEAD = 50;

    /**
     * One query parameter, decoded.
     *
     * @param name the name
     * @param value the value, empty when the parameter had no {@code =}
     */
    record Param(String name, String value) {
    }

    private Encoding() {
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * Encodes as SigV4's UriEncode: every byte but the unreserved {@code A-Za-z0-9-_.~} becomes {@code %XX}.
     *
     * @param text the text
     * @param keepSlash whether {@code /} stays as is (object key paths)
     * @return the encoded text
     */
    static String uriEncode(String text, boolean keepSlash) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~' || keepSlash && c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 15]);
            }
        }
        return out.toString();
    }

    /**
     * Encodes a name for a listing answered with {@code encoding-type=url}, as S3 does: form encoding (a space
     * becomes {@code +}, a {@code +} becomes {@code %2B}) of the UTF-8 bytes, keeping {@code A-Za-z0-9-_.*} and
     * {@code /}. Clients decode it as a query value ({@code unquote_plus}, {@code URLDecoder}, {@code QueryUnescape}),
     * which also reads {@code %20}, so every name round-trips.
     *
     * @param text the name
     * @return the encoded name
     */
    static String listingEncode(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '*' || c == '/') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 15]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes percent-escapes (UTF-8).
     *
     * @param text the text
     * @param plusIsSpace whether {@code +} means a space (query strings and forms)
     * @return the decoded text
     * @throws S3Exception {@code InvalidArgument} for a broken escape, {@code InvalidURI} when the escaped bytes are
     *     not UTF-8 (as S3 answers such a key; replacing them would name another key, and the signature, computed
     *     over the bytes the client sent, would not match)
     */
    static String decode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid URL encoding.");
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid URL encoding.");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    utf8 = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.writeBytes(utf8);
            }
        }
        return utf8(out.toByteArray());
    }

    /** Decodes UTF-8 strictly: malformed sequences, overlong forms and encoded surrogates are refused. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new S3Exception(S3Error.INVALID_URI);
        }
    }

    /**
     * Parses a raw query string into decoded parameters, in order.
     *
     * @param rawQuery the query without {@code ?}, may be {@code null}
     * @return the parameters
     */
    static List<Param> parseQuery(String rawQuery) {
        List<Param> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.add(new Param(decode(name, true), decode(value, true)));
        }
        return params;
    }

    static String amzDate(Instant time) {
        return AMZ_DATE.format(time);
    }

    /**
     * Parses {@code yyyyMMdd'T'HHmmss'Z'}.
     *
     * @param text the text
     * @return the instant, or {@code null} when it does not parse
     */
    static Instant parseAmzDate(String text) {
        if (text == null || text.length() != AMZ_DATE_LENGTH || text.charAt(8) != 'T' || text.charAt(15) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 4, 6);
        int day = digits(text, 6, 8);
        int hour = digits(text, 9, 11);
        int minute = digits(text, 11, 13);
        int second = digits(text, 13, 15);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Parses the ASCII digits {@code text[from, to)}, or returns -1 when one is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Formats a time for XML answers (listings, copy results, parts) in whole seconds, as S3 does ({@code .000Z}):
     * the second the {@code Last-Modified} header of the same object shows, so clients that compare a listed time
     * with a HEAD's see the same.
     *
     * @param time the time
     * @return the ISO 8601 text with milliseconds {@code 000}
     */
    static String isoDate(Instant time) {
        return ISO_MILLIS.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    static String httpDate(Instant time) {
        return HTTP_DATE.format(time);
    }

    /**
     * Parses an HTTP date in any of the three formats HTTP allows (IMF-fixdate, RFC 850, asctime), or ISO-8601.
     *
     * @param text the text or {@code null}
     * @return the instant, or {@code null} when absent or unparsable (S3 ignores unparsable conditional dates)
     */
    static Instant parseHttpDate(String text) {
        return parseHttpDate(text, Year.now(ZoneOffset.UTC).getValue());
    }

    /**
     * Parses an HTTP date as {@link #parseHttpDate(String)} does, reading RFC 850's two-digit years relative to a
     * given year.
     *
     * @param text the text or {@code null}
     * @param currentYear the year of today
     * @return the instant, or {@code null} when absent or unparsable
     */
    static Instant parseHttpDate(String text, int currentYear) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.trim();
        for (DateTimeFormatter format : new DateTimeFormatter[] {DateTimeFormatter.RFC_1123_DATE_TIME, HTTP_DATE,
            rfc850(currentYear), ASCTIME, DateTimeFormatter.ISO_INSTANT}) {
            try {
                return ZonedDateTime.parse(value, format.withZone(ZoneOffset.UTC)).toInstant();
            } catch (DateTimeParseException e) {
                // Try the next format.
            }
        }
        return null;
    }

    /** The obsolete RFC 850 form, {@code Sunday, 06-Nov-94 08:49:37 GMT}. */
    private static DateTimeFormatter rfc850(int currentYear) {
        return new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, currentYear + RFC_850_YEARS_AHEAD - 99)
                .appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.US).withZone(ZoneOffset.UTC);
    }

    /**
     * Quotes an ETag for a header or XML.
     *
     * @param etag the bare ETag
     * @return the quoted ETag
     */
    static String quote(String etag) {
        return '"' + etag + '"';
    }

    /**
     * Removes surrounding quotes (and a weak prefix) from a client's ETag.
     *
     * @param etag the ETag as sent
     * @return the bare ETag
     */
    static String unquote(String etag) {
        String value = etag.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.startsWith("&quot;") && value.endsWith("&quot;") && value.length() >= 12) {
            value = value.substring(6, value.length() - 6);
        }
        return value;
    }
}
