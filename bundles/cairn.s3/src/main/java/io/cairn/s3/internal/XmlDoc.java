/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;

/**
 * A parsed request body (DeleteObjects, CompleteMultipartUpload, CreateBucketConfiguration, Tagging): a small
 * element tree read with Woodstox. DTDs and external entities are disabled, and depth, element count and text size
 * are limited, so a hostile body can cost no more than its (already bounded) size.
 */
final class XmlDoc {

    /** Deepest element nesting accepted. */
    static final int MAX_DEPTH = 16;
    /** Most elements in one document (DeleteObjects has 1000 objects of a few elements each). */
    static final int MAX_ELEMENTS = 20_000;

    private final String name;
    private final StringBuilder text = new StringBuilder();
    private final List<XmlDoc> children = new ArrayList<>();

    private XmlDoc(String name) {
        this.name = name;
    }

    /**
     * Parses a document.
     *
     * @param body the bytes
     * @return the root element
     * @throws S3Exception {@code MalformedXML} for anything not well-formed or over the limits
     */
    static XmlDoc parse(byte[] body) {
        XMLInputFactory factory = newFactory();
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            return read(reader);
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof S3Exception) {
                throw (S3Exception) e;
            }
            throw new S3Exception(S3Error.MALFORMED_XML, S3Error.MALFORMED_XML.message(), e);
        } finally {
            closeQuietly(reader);
        }
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.TRUE);
        factory.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, MAX_DEPTH);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, (long) MAX_ELEMENTS);
        factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, (long) (1 << 20));
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 16);
        return factory;
    }

    private static XmlDoc read(XMLStreamReader reader) throws XMLStreamException {
        XmlDoc root = null;
        List<XmlDoc> stack = new ArrayList<>();
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                XmlDoc element = new XmlDoc(reader.getLocalName());
                if (stack.isEmpty()) {
                    root = element;
                } else {
                    stack.get(stack.size() - 1).children.add(element);
                }
                stack.add(element);
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                stack.remove(stack.size() - 1);
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                if (!stack.isEmpty()) {
                    stack.get(stack.size() - 1).text.append(reader.getText());
                }
            } else if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new S3Exception(S3Error.MALFORMED_XML, "DTDs and entities are not accepted.");
            }
        }
        if (root == null) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        return root;
    }

    private static void closeQuietly(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // Nothing to release beyond the in-memory buffer.
            }
        }
    }

    String name() {
        return name;
    }

    /**
     * Returns the trimmed text of this element.
     *
     * @return the text
     */
    String text() {
        return text.toString().trim();
    }

    List<XmlDoc> children(String childName) {
        List<XmlDoc> found = new ArrayList<>();
        for (XmlDoc child : children) {
            if (child.name.equals(childName)) {
                found.add(child);
            }
        }
        return found;
    }

    /**
     * Returns the first child of a name.
     *
     * @param childName the name
     * @return the child or {@code null}
     */
    XmlDoc child(String childName) {
        for (XmlDoc child : children) {
            if (child.name.equals(childName)) {
                return child;
            }
        }
        return null;
    }

    /**
     * Returns the text of the first child of a name.
     *
     * @param childName the name
     * @return the text or {@code null} when there is no such child
     */
    String childText(String childName) {
        XmlDoc child = child(childName);
        return child == null ? null : child.text();
    }

    /**
     * Returns the raw (untrimmed) text of the first child of a name; object keys keep their spaces.
     *
     * @param childName the name
     * @return the text or {@code null}
     */
    String childRawText(String childName) {
        XmlDoc child = child(childName);
        return child == null ? null : child.text.toString();
    }
}
