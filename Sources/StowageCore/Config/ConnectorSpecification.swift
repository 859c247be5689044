/// The connector specification `stowage spec` prints: a readable base document (``base``) with every numeric
/// field's schema added from the table the config parser reads them with (``NumericField``), so the spec and
/// the parser cannot drift. `specs/connector-spec.json` is the same document, and a test keeps them equal.
package enum ConnectorSpecification {
    /// The specification as compact JSON text.
    package static var json: String { document.serialized }

    package static var document: JSONValue {
        guard case .object(var top) = try! JSONValue.parse(Array(base.utf8)),
            let index = top.firstIndex(where: { $0.0 == "connectionSpecification" }),
            case .object(var specification) = top[index].1,
            let propertiesIndex = specification.firstIndex(where: { $0.0 == "properties" }),
            case .object(var properties) = specification[propertiesIndex].1
        else { fatalError("the built-in connector specification is malformed") }
        for field in NumericField.topLevel { properties.append((field.key, field.schema)) }
        if let format = properties.firstIndex(where: { $0.0 == "format" }) {
            properties[format].1 = ParquetSettings.addingSpecification(to: properties[format].1)
        }
        let errors = transformErrors
        properties.append(("transform_errors", errors))
        if let index = properties.firstIndex(where: { $0.0 == "streams" }),
            case .object(var streams) = properties[index].1,
            let additional = streams.firstIndex(where: { $0.0 == "additionalProperties" }),
            case .object(var perStream) = streams[additional].1,
            let inner = perStream.firstIndex(where: { $0.0 == "properties" }),
            case .object(var fields) = perStream[inner].1
        {
            fields.append(("transforms", transforms))
            fields.append(("transform_errors", errors))
            perStream[inner].1 = .object(fields)
            streams[additional].1 = .object(perStream)
            properties[index].1 = .object(streams)
        }
        specification[propertiesIndex].1 = .object(properties)
        top[index].1 = .object(specification)
        return .object(top)
    }

    /// A stream's `transforms` (specs/transforms.md).
    private static var transforms: JSONValue {
        .object([
            ("type", .array([.string("array"), .string("object")])), ("title", .string("Transforms")),
            (
                "description",
                .string(
                    "AWS IoT Analytics activities (filter, math, selectAttributes, removeAttributes, addAttributes) as a list, or a whole pipeline definition with pipelineActivities; see specs/transforms.md."
                )
            ),
        ])
    }

    /// `transform_errors`, at the top level and per stream.
    private static var transformErrors: JSONValue {
        .object([
            ("type", .string("object")), ("title", .string("Transform errors")),
            (
                "description",
                .string(
                    "What streams with transforms do with records a step cannot handle; a stream's own transform_errors wins over this one."
                )
            ),
            (
                "properties",
                .object([
                    (
                        "on_error",
                        .object([
                            ("type", .string("string")), ("enum", .array([.string("reject"), .string("fail")])),
                            ("default", .string("reject")),
                            (
                                "description",
                                .string(
                                    "reject: write the record to <s3_bucket_path>/_rejects/<namespace>/<stream>/ and go on; fail: fail the sync."
                                )
                            ),
                        ])
                    ),
                    ("max_rejected", NumericField.maxRejectedRecords.schema),
                ])
            ),
        ])
    }

    /// Everything but the numeric and transform fields.
    static let base = #"""
        {
          "documentationUrl": "https://github.com/stowage/stowage/blob/main/specs/config.md",
          "connectionSpecification": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "title": "Stowage Destination Spec",
            "type": "object",
            "required": ["s3_bucket_name"],
            "additionalProperties": true,
            "properties": {
              "access_key_id": {
                "type": "string", "title": "S3 Key ID", "airbyte_secret": true, "order": 0,
                "description": "The access key ID. Empty: AWS_ACCESS_KEY_ID, then the shared credentials file."
              },
              "secret_access_key": {
                "type": "string", "title": "S3 Access Key", "airbyte_secret": true, "order": 1,
                "description": "The secret access key matching the key ID."
              },
              "s3_bucket_name": {
                "type": "string", "title": "S3 Bucket Name", "examples": ["airbyte_sync"], "order": 3,
                "pattern": "^(?!\\.\\.?$)[^/\\\\\\s]+$",
                "description": "The bucket to write into; for a local directory, a folder inside it. One plain name."
              },
              "s3_bucket_path": {
                "type": "string", "title": "S3 Bucket Path", "examples": ["data_sync/test"], "order": 4,
                "description": "The key prefix under which every stream's folder is made."
              },
              "s3_bucket_region": {
                "type": "string", "title": "S3 Bucket Region", "default": "", "order": 5,
                "description": "The bucket's region; empty means us-east-1."
              },
              "format": {
                "type": "object", "title": "Output Format", "order": 6,
                "description": "The file format and its options.",
                "oneOf": [
                  {
                    "title": "CSV: Comma-Separated Values",
                    "required": ["format_type"],
                    "properties": {
                      "format_type": {"type": "string", "enum": ["CSV"], "default": "CSV"},
                      "flattening": {"$ref": "#/definitions/flattening"},
                      "compression": {"$ref": "#/definitions/compression"}
                    }
                  },
                  {
                    "title": "JSON Lines: Newline-delimited JSON",
                    "required": ["format_type"],
                    "properties": {
                      "format_type": {"type": "string", "enum": ["JSONL"], "default": "JSONL"},
                      "flattening": {"$ref": "#/definitions/flattening"},
                      "compression": {"$ref": "#/definitions/compression"}
                    }
                  }
                ]
              },
              "s3_endpoint": {
                "type": "string", "title": "Endpoint", "default": "", "order": 7,
                "examples": ["http://localhost:9000", "file:///var/lib/stowage"],
                "description": "Empty for Amazon S3; an S3-compatible endpoint such as http://127.0.0.1:9000; or file:///some/dir for a local directory."
              },
              "s3_path_format": {
                "type": "string", "title": "S3 Path Format", "order": 8,
                "default": "${NAMESPACE}/${STREAM_NAME}/${YEAR}_${MONTH}_${DAY}_${EPOCH}_",
                "description": "Object name prefix with ${NAMESPACE}, ${STREAM_NAME}, the sync's ${YEAR} ${MONTH} ${DAY} ${HOUR} ${MINUTE} ${SECOND} ${MILLISECOND} ${EPOCH} ${UUID}, and each record's ${RECORD_YEAR} ${RECORD_MONTH} ${RECORD_DAY} ${RECORD_HOUR} and ${FIELD:name}; the part number and extension follow."
              },
              "file_name_pattern": {
                "type": "string", "title": "File Name Pattern", "order": 9,
                "description": "Accepted for compatibility; not applied."
              },
              "role_arn": {
                "type": "string", "title": "Role ARN", "order": 10,
                "description": "Accepted for compatibility; not applied."
              },
              "s3_path_style_access": {
                "type": "boolean", "title": "Path-style addressing",
                "description": "Address objects as endpoint/bucket/key. Default: true for custom endpoints, false for AWS."
              },
              "metadata_columns": {
                "type": "string", "title": "Metadata columns", "enum": ["v0", "v1"], "default": "v0",
                "description": "v0: _airbyte_ab_id and _airbyte_emitted_at; v1 (destination-s3 1.0 and later): _airbyte_raw_id, _airbyte_extracted_at, _airbyte_generation_id and _airbyte_meta."
              },
              "overwrite_scope": {
                "type": "string", "title": "Overwrite scope", "enum": ["stream", "partitions"], "default": "stream",
                "description": "What an overwrite sync replaces once it succeeds: the stream's earlier files, or only those in the partition folders it wrote to."
              },
              "invalid_record_time": {
                "type": "string", "title": "Invalid record time", "enum": ["fail", "emitted_at"], "default": "fail",
                "description": "What a record whose time field cannot be read does: fail the sync, or fall back to its emitted_at."
              },
              "streams": {
                "type": "object", "title": "Per-stream settings",
                "description": "Settings of single streams, keyed by stream name or namespace.stream.",
                "additionalProperties": {
                  "type": "object",
                  "properties": {
                    "record_time_field": {"type": "string", "description": "The top-level field holding the record's own time."},
                    "record_time_format": {
                      "type": "string",
                      "description": "auto, epoch_s, epoch_ms, epoch_us, epoch_ns, iso8601, or a pattern such as %Y-%m-%d %H:%M:%S."
                    },
                    "invalid_record_time": {"type": "string", "enum": ["fail", "emitted_at"]}
                  }
                }
              }
            },
            "if": {
              "anyOf": [{"not": {"required": ["s3_endpoint"]}}, {"properties": {"s3_endpoint": {"const": ""}}}]
            },
            "then": {
              "properties": {
                "s3_bucket_name": {"pattern": "^(?!.*\\.\\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"}
              }
            },
            "definitions": {
              "flattening": {
                "type": "string", "title": "Flattening", "enum": ["No flattening", "Root level flattening"],
                "default": "No flattening",
                "description": "One _airbyte_data column, or one column per top-level schema property plus _airbyte_additional_properties."
              },
              "compression": {
                "type": "object", "title": "Compression",
                "oneOf": [
                  {
                    "title": "No Compression",
                    "properties": {"compression_type": {"type": "string", "enum": ["No Compression"], "default": "No Compression"}}
                  },
                  {
                    "title": "GZIP",
                    "required": ["compression_type"],
                    "properties": {
                      "compression_type": {"type": "string", "enum": ["GZIP"], "default": "GZIP"},
                      "compression_level": {
                        "anyOf": [
                          {"type": "integer", "minimum": 1, "maximum": 9},
                          {"type": "string", "pattern": "^\\s*[1-9](\\.0*)?\\s*$"}
                        ],
                        "default": 1, "description": "1 (fastest, the default) to 9 (smallest)."
                      }
                    }
                  },
                  {
                    "title": "ZSTD",
                    "required": ["compression_type"],
                    "properties": {
                      "compression_type": {"type": "string", "enum": ["ZSTD"], "default": "ZSTD"},
                      "compression_level": {
                        "anyOf": [
                          {"type": "integer", "minimum": 1, "maximum": 19},
                          {"type": "string", "pattern": "^\\s*([1-9]|1[0-9])(\\.0*)?\\s*$"}
                        ],
                        "default": 1, "description": "1 (fastest, the default) to 19 (smallest)."
                      }
                    }
                  }
                ]
              }
            }
          },
          "supportsIncremental": true,
          "supported_destination_sync_modes": ["overwrite", "append", "append_dedup"]
        }
        """#
}
