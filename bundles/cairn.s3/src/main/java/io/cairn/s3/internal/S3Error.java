/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import io.cairn.api.object.ErrorKind;

/**
 * The one error table of the S3 front end: every S3 error code Cairn answers with, its HTTP status and default
 * message, and the mapping of the object store's {@link ErrorKind}s onto them.
 */
enum S3Error {
    ACCESS_DENIED("AccessDenied", 403, "Access Denied."),
    ALL_ACCESS_DISABLED("AllAccessDisabled", 403, "All access to this Amazon S3 resource has been disabled."),
    AUTHORIZATION_HEADER_MALFORMED("AuthorizationHeaderMalformed", 400,
            "The authorization header is malformed."),
    AUTHORIZATION_QUERY_PARAMETERS_ERROR("AuthorizationQueryParametersError", 400,
            "Error parsing the X-Amz-Credential parameter."),
    BAD_DIGEST("BadDigest", 400, "The Content-MD5 you specified did not match what we received."),
    BUCKET_ALREADY_EXISTS("BucketAlreadyExists", 409,
            "The requested bucket name is not available. The bucket namespace is shared by all users of the system."
                    + " Please select a different name and try again."),
    BUCKET_ALREADY_OWNED_BY_YOU("BucketAlreadyOwnedByYou", 409,
            "Your previous request to create the named bucket succeeded and you already own it."),
    BUCKET_NOT_EMPTY("BucketNotEmpty", 409, "The bucket you tried to delete is not empty."),
    CORS_FORBIDDEN("AccessForbidden", 403, "CORSResponse: This CORS request is not allowed: the origin or the"
            + " requested method is not allowed."),
    ENTITY_TOO_LARGE("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed object size."),
    ENTITY_TOO_SMALL("EntityTooSmall", 400,
            "Your proposed upload is smaller than the minimum allowed object size."),
    EXPIRED_TOKEN("ExpiredToken", 400, "The provided token has expired."),
    INCOMPLETE_BODY("IncompleteBody", 400,
            "You did not provide the number of bytes specified by the Content-Length HTTP header."),
    INSUFFICIENT_STORAGE("XMinioStorageFull", 507,
            "Storage backend has reached its minimum free drive threshold. Please delete a few objects to proceed."),
    INTERNAL_ERROR("InternalError", 500, "We encountered an internal error, please try again."),
    INVALID_ACCESS_KEY_ID("InvalidAccessKeyId", 403,
            "The Access Key Id you provided does not exist in our records."),
    INVALID_ARGUMENT("InvalidArgument", 400, "Invalid argument."),
    INVALID_BUCKET_NAME("InvalidBucketName", 400, "The specified bucket is not valid."),
    INVALID_DIGEST("InvalidDigest", 400, "The Content-MD5 you specified is not valid."),
    INVALID_ENCRYPTION_METHOD("InvalidEncryptionMethod", 400,
            "The encryption method specified is not supported."),
    INVALID_LOCATION_CONSTRAINT("InvalidLocationConstraint", 400,
            "The specified location (Region) constraint is not valid."),
    INVALID_OBJECT_NAME("XMinioInvalidObjectName", 400, "Object name contains unsupported characters."),
    INVALID_PART("InvalidPart", 400,
            "One or more of the specified parts could not be found. The part may not have been uploaded, or the"
                    + " specified entity tag may not match the part's entity tag."),
    INVALID_PART_ORDER("InvalidPartOrder", 400,
            "The list of parts was not in ascending order. The parts list must be specified in order by part"
                    + " number."),
    INVALID_PART_NUMBER("InvalidPartNumber", 416, "The requested partnumber is not satisfiable"),
    INVALID_POLICY_DOCUMENT("InvalidPolicyDocument", 400,
            "The content of the form does not meet the conditions specified in the policy document."),
    INVALID_RANGE("InvalidRange", 416, "The requested range is not satisfiable."),
    INVALID_REDIRECT_LOCATION("InvalidRedirectLocation", 400,
            "The website redirect location must start with '/', 'http://' or 'https://'."),
    INVALID_REQUEST("InvalidRequest", 400, "Invalid Request."),
    INVALID_STORAGE_CLASS("InvalidStorageClass", 400, "The storage class you specified is not valid."),
    INVALID_TAG("InvalidTag", 400, "The tag provided was not a valid tag."),
    INVALID_TOKEN("InvalidToken", 400, "The provided token is malformed or otherwise invalid."),
    INVALID_URI("InvalidURI", 400, "Couldn't parse the specified URI."),
    KEY_TOO_LONG("KeyTooLongError", 400, "Your key is too long."),
    MALFORMED_ACL_ERROR("MalformedACLError", 400,
            "The XML you provided was not well-formed or did not validate against our published schema."),
    MALFORMED_POST_REQUEST("MalformedPOSTRequest", 400,
            "The body of your POST request is not well-formed multipart/form-data."),
    MALFORMED_XML("MalformedXML", 400,
            "The XML you provided was not well-formed or did not validate against our published schema."),
    MAX_MESSAGE_LENGTH_EXCEEDED("MaxMessageLengthExceeded", 400, "Your request was too big."),
    MAX_POST_PRE_DATA_LENGTH_EXCEEDED("MaxPostPreDataLengthExceeded", 400,
            "Your POST request fields preceding the upload file were too large."),
    METADATA_TOO_LARGE("MetadataTooLarge", 400,
            "Your metadata headers exceed the maximum allowed metadata size."),
    METHOD_NOT_ALLOWED("MethodNotAllowed", 405, "The specified method is not allowed against this resource."),
    MISSING_CONTENT_LENGTH("MissingContentLength", 411, "You must provide the Content-Length HTTP header."),
    MISSING_SECURITY_HEADER("MissingSecurityHeader", 400, "Your request was missing a required header."),
    NO_SUCH_BUCKET("NoSuchBucket", 404, "The specified bucket does not exist."),
    NO_SUCH_KEY("NoSuchKey", 404, "The specified key does not exist."),
    NO_SUCH_UPLOAD("NoSuchUpload", 404,
            "The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have"
                    + " been aborted or completed."),
    NO_SUCH_VERSION("NoSuchVersion", 404, "The specified version does not exist."),
    NOT_IMPLEMENTED("NotImplemented", 501,
            "A header or query you provided implies functionality that is not implemented."),
    NOT_MODIFIED("NotModified", 304, "Not Modified."),
    PRECONDITION_FAILED("PreconditionFailed", 412,
            "At least one of the pre-conditions you specified did not hold."),
    REQUEST_TIMEOUT("RequestTimeout", 400, "Your socket connection to the server was not read from or written to"
            + " within the timeout period."),
    REQUEST_TIME_TOO_SKEWED("RequestTimeTooSkewed", 403,
            "The difference between the request time and the server's time is too large."),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503, "The service is unavailable. Please retry."),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403,
            "The request signature we calculated does not match the signature you provided. Check your key and"
                    + " signing method."),
    SLOW_DOWN("SlowDown", 503, "Please reduce your request rate."),
    X_AMZ_CONTENT_SHA256_MISMATCH("XAmzContentSHA256Mismatch", 400,
            "The provided 'x-amz-content-sha256' header does not match what was computed."),
    X_AMZ_CONTENT_CHECKSUM_MISMATCH("BadDigest", 400,
            "The x-amz-checksum you specified did not match the calculated checksum."),
    INVALID_CHUNK_SIGNATURE("SignatureDoesNotMatch", 403,
            "The chunk signature we calculated does not match the signature you provided.");

    private final String code;
    private final int status;
    private final String message;

    S3Error(String code, int status, String message) {
        this.code = code;
        this.status = status;
        this.message = message;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    String message() {
        return message;
    }

    /**
     * Maps an object store failure to its S3 error.
     *
     * @param kind the store's error kind
     * @return the S3 error
     */
    static S3Error of(ErrorKind kind) {
        switch (kind) {
            case NO_SUCH_BUCKET:
                return NO_SUCH_BUCKET;
            case NO_SUCH_KEY:
                return NO_SUCH_KEY;
            case BUCKET_ALREADY_EXISTS:
                return BUCKET_ALREADY_EXISTS;
            case BUCKET_ALREADY_OWNED_BY_YOU:
                return BUCKET_ALREADY_OWNED_BY_YOU;
            case BUCKET_NOT_EMPTY:
                return BUCKET_NOT_EMPTY;
            case INVALID_BUCKET_NAME:
                return INVALID_BUCKET_NAME;
            case INVALID_OBJECT_NAME:
                return INVALID_OBJECT_NAME;
            case KEY_TOO_LONG:
                return KEY_TOO_LONG;
            case PRECONDITION_FAILED:
                return PRECONDITION_FAILED;
            case NOT_MODIFIED:
                return NOT_MODIFIED;
            case INVALID_RANGE:
                return INVALID_RANGE;
            case BAD_DIGEST:
                return BAD_DIGEST;
            case INCOMPLETE_BODY:
                return INCOMPLETE_BODY;
            case ENTITY_TOO_LARGE:
                return ENTITY_TOO_LARGE;
            case ENTITY_TOO_SMALL:
                return ENTITY_TOO_SMALL;
            case NO_SUCH_UPLOAD:
                return NO_SUCH_UPLOAD;
            case INVALID_PART:
                return INVALID_PART;
            case INVALID_PART_ORDER:
                return INVALID_PART_ORDER;
            case INVALID_ARGUMENT:
                return INVALID_ARGUMENT;
            case READ_QUORUM:
            case WRITE_QUORUM:
                return SERVICE_UNAVAILABLE;
            case LOCK_TIMEOUT:
            case BUSY:
                return SLOW_DOWN;
            case DRIVE_FULL:
                return INSUFFICIENT_STORAGE;
            default:
                return INTERNAL_ERROR;
        }
    }
}
