import AWSCore
import DynamoDB
import Synchronization

/// An in-memory DynamoDB behind the ``HTTPTransport`` seam, speaking the JSON 1.0 protocol.
///
/// It implements what ``DynamoDBClient`` uses (CreateTable, DescribeTable, DeleteTable, PutItem, GetItem,
/// DeleteItem, BatchWriteItem, Scan with `Limit`, `ExclusiveStartKey` and `ProjectionExpression`; filters
/// are recorded, not applied), answers JSON errors with `__type`, refuses a batch that names one key twice as
/// DynamoDB does, and sends `x-amz-crc32`. It does not verify signatures; it only requires an
/// `authorization` header naming a known access key. Faults can be injected per request; every request is
/// recorded.
package final class InMemoryDynamoDB: HTTPTransport, Sendable {
    package enum Fault: Sendable {
        /// Answer with this status and JSON `__type` without doing anything.
        case error(Int, type: String)
        /// Answer with this status and an XML `<Code>` document (as moto does for signature errors).
        case xmlError(Int, code: String)
        /// BatchWriteItem: apply all but the last `n` requests and hand those back as `UnprocessedItems`.
        case unprocessed(Int)
        /// Do the work, then send a wrong `x-amz-crc32`.
        case corruptCRC
        /// Fail before the server sees the request.
        case transport(HTTPTransportError.Code)
    }

    package struct Recorded: Sendable {
        package var operation: String
        package var body: AWSJSON
        package var headers: [(String, String)]

        package func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }
    }

    private struct Table {
        var hashKey: String
        var rangeKey: String?
        var definitions: [AWSJSON]
        var keySchema: [AWSJSON]
        var items: [String: [String: AWSJSON]] = [:]
        var describesUntilActive: Int
    }

    private struct State {
        var tables: [String: Table] = [:]
        var requests: [Recorded] = []
    }

    private let state = Mutex(State())
    private let accessKeys: Set<String>
    private let describesUntilActive: Int
    private let faultRule: (@Sendable (String, Int) -> Fault?)?

    /// - Parameters:
    ///   - describesUntilActive: DescribeTable answers `CREATING` this many times after CreateTable.
    ///   - fault: asked with the operation and the request's 0-based index; nil answers normally.
    package init(
        accessKeys: Set<String> = ["AKIDEXAMPLE"], describesUntilActive: Int = 0,
        fault: (@Sendable (String, Int) -> Fault?)? = nil
    ) {
        self.accessKeys = accessKeys
        self.describesUntilActive = describesUntilActive
        self.faultRule = fault
    }

    package var requests: [Recorded] { state.withLock { $0.requests } }

    /// The items of `table`, keyed by their key's JSON.
    package func items(in table: String) -> [String: [String: AWSJSON]] {
        state.withLock { $0.tables[table]?.items ?? [:] }
    }

    /// Makes a table as CreateTable would, already ACTIVE.
    package func createTable(_ name: String, hashKey: String, rangeKey: String? = nil) {
        state.withLock {
            $0.tables[name] = Table(
                hashKey: hashKey, rangeKey: rangeKey, definitions: [], keySchema: [], describesUntilActive: 0)
        }
    }

    package func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        let target = request.header("x-amz-target") ?? ""
        let operation = target.hasPrefix("DynamoDB_20120810.") ? String(target.dropFirst(18)) : target
        let body = (try? AWSJSON.parse(request.body)) ?? .null
        let index = state.withLock {
            $0.requests.append(Recorded(operation: operation, body: body, headers: request.headers))
            return $0.requests.count - 1
        }
        let fault = faultRule?(operation, index)
        switch fault {
        case .transport(let code):
            throw HTTPTransportError(code, "injected \(code)")
        case .error(let status, let type):
            return Self.error(status, type, "injected")
        case .xmlError(let status, let code):
            let xml =
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ErrorResponse><Errors><Error><Code>\(code)</Code>"
                + "<Message>injected</Message></Error></Errors></ErrorResponse>"
            return Self.response(status, Array(xml.utf8))
        default:
            break
        }
        guard request.header("content-type") == "application/x-amz-json-1.0" else {
            return Self.error(400, "SerializationException", "wrong content type")
        }
        guard let authorization = request.header("authorization"),
            accessKeys.contains(where: { authorization.contains("Credential=\($0)/") })
        else {
            return Self.error(
                400, "UnrecognizedClientException", "The security token included in the request is invalid.")
        }
        var unprocessed = 0
        if case .unprocessed(let n) = fault { unprocessed = n }
        var response = answer(operation, body, unprocessed: unprocessed)
        if case .corruptCRC = fault, let crc = response.header("x-amz-crc32"), let value = UInt32(crc) {
            response.headers = response.headers.map { $0.0 == "x-amz-crc32" ? ($0.0, String(value ^ 1)) : $0 }
        }
        return response
    }

    // MARK: Operations

    private func answer(_ operation: String, _ body: AWSJSON, unprocessed: Int) -> HTTPResponse {
        let tableName = body["TableName"]?.stringValue ?? ""
        switch operation {
        case "CreateTable":
            return createTable(body, name: tableName)
        case "DescribeTable":
            return state.withLock { state in
                guard var table = state.tables[tableName] else { return Self.notFound(tableName) }
                let status = table.describesUntilActive > 0 ? "CREATING" : "ACTIVE"
                table.describesUntilActive = max(0, table.describesUntilActive - 1)
                state.tables[tableName] = table
                return Self.json(["Table": Self.description(tableName, table, status: status)])
            }
        case "DeleteTable":
            return state.withLock { state in
                guard let table = state.tables.removeValue(forKey: tableName) else { return Self.notFound(tableName) }
                return Self.json(["TableDescription": Self.description(tableName, table, status: "DELETING")])
            }
        case "PutItem", "GetItem", "DeleteItem":
            return state.withLock { state in
                guard var table = state.tables[tableName] else { return Self.notFound(tableName) }
                let attributes = (operation == "PutItem" ? body["Item"] : body["Key"])?.objectValue ?? [:]
                guard let key = Self.key(of: attributes, in: table) else {
                    return Self.error(400, "ValidationException", "The provided key element does not match the schema")
                }
                switch operation {
                case "PutItem": table.items[key] = attributes
                case "DeleteItem": table.items[key] = nil
                default: return Self.json(table.items[key].map { ["Item": .object($0)] } ?? [:])
                }
                state.tables[tableName] = table
                return Self.json([:])
            }
        case "BatchWriteItem":
            return batchWrite(body, unprocessed: unprocessed)
        case "Scan":
            return scan(body, table: tableName)
        default:
            return Self.error(400, "UnknownOperationException", operation)
        }
    }

    private func createTable(_ body: AWSJSON, name: String) -> HTTPResponse {
        let schema = body["KeySchema"]?.arrayValue ?? []
        let hash = schema.first { $0["KeyType"]?.stringValue == "HASH" }?["AttributeName"]?.stringValue
        let range = schema.first { $0["KeyType"]?.stringValue == "RANGE" }?["AttributeName"]?.stringValue
        guard let hash, body["BillingMode"]?.stringValue == "PAY_PER_REQUEST" else {
            return Self.error(400, "ValidationException", "bad CreateTable")
        }
        return state.withLock { state in
            guard state.tables[name] == nil else {
                return Self.error(400, "ResourceInUseException", "Table already exists: \(name)")
            }
            let table = Table(
                hashKey: hash, rangeKey: range, definitions: body["AttributeDefinitions"]?.arrayValue ?? [],
                keySchema: schema, describesUntilActive: describesUntilActive)
            state.tables[name] = table
            return Self.json(["TableDescription": Self.description(name, table, status: "CREATING")])
        }
    }

    private func batchWrite(_ body: AWSJSON, unprocessed: Int) -> HTTPResponse {
        let requestItems = body["RequestItems"]?.objectValue ?? [:]
        let total = requestItems.values.reduce(0) { $0 + ($1.arrayValue?.count ?? 0) }
        guard total > 0, total <= 25 else {
            return Self.error(400, "ValidationException", "Too many items requested for the BatchWriteItem call")
        }
        return state.withLock { state in
            var left: [String: AWSJSON] = [:]
            for (name, requests) in requestItems {
                guard var table = state.tables[name] else { return Self.notFound(name) }
                let list = requests.arrayValue ?? []
                let keys = list.compactMap { request in
                    (request["PutRequest"]?["Item"] ?? request["DeleteRequest"]?["Key"])?.objectValue.flatMap {
                        Self.key(of: $0, in: table)
                    }
                }
                guard Set(keys).count == keys.count else {
                    return Self.error(400, "ValidationException", "Provided list of item keys contains duplicates")
                }
                let applied = list.prefix(max(0, list.count - unprocessed))
                for request in applied {
                    if let item = request["PutRequest"]?["Item"]?.objectValue, let key = Self.key(of: item, in: table) {
                        table.items[key] = item
                    } else if let keyMap = request["DeleteRequest"]?["Key"]?.objectValue,
                        let key = Self.key(of: keyMap, in: table)
                    {
                        table.items[key] = nil
                    } else {
                        return Self.error(
                            400, "ValidationException", "The provided key element does not match the schema")
                    }
                }
                if applied.count < list.count { left[name] = .array(Array(list.suffix(from: applied.count))) }
                state.tables[name] = table
            }
            return Self.json(["UnprocessedItems": .object(left)])
        }
    }

    private func scan(_ body: AWSJSON, table name: String) -> HTTPResponse {
        state.withLock { state in
            guard let table = state.tables[name] else { return Self.notFound(name) }
            let keys = table.items.keys.sorted()
            var startIndex = 0
            if let start = body["ExclusiveStartKey"]?.objectValue, let startKey = Self.key(of: start, in: table) {
                startIndex = keys.firstIndex { $0 > startKey } ?? keys.count
            }
            let limit = body["Limit"]?.numberText.flatMap { Int($0) } ?? Int.max
            let page = keys[startIndex...].prefix(limit)
            let names = body["ExpressionAttributeNames"]?.objectValue ?? [:]
            let projection = body["ProjectionExpression"]?.stringValue.map { expression in
                expression.split(separator: ",").map { part -> String in
                    let token = part.trimmingASCIIWhitespace()
                    return names[token]?.stringValue ?? token
                }
            }
            let items: [AWSJSON] = page.map { key in
                let item = table.items[key]!
                guard let projection else { return .object(item) }
                return .object(item.filter { projection.contains($0.key) })
            }
            var answer: [String: AWSJSON] = [
                "Items": .array(items), "Count": .number(String(items.count)),
                "ScannedCount": .number(String(items.count)),
            ]
            if startIndex + page.count < keys.count, let last = page.last {
                let item = table.items[last]!
                answer["LastEvaluatedKey"] = .object(
                    item.filter { $0.key == table.hashKey || $0.key == table.rangeKey })
            }
            return Self.json(answer)
        }
    }

    // MARK: Encoding

    private static func key(of attributes: [String: AWSJSON], in table: Table) -> String? {
        guard let hash = attributes[table.hashKey] else { return nil }
        var key = ["h": hash]
        if let range = table.rangeKey {
            guard let value = attributes[range] else { return nil }
            key["r"] = value
        }
        return String(decoding: AWSJSON.object(key).bytes, as: UTF8.self)
    }

    private static func description(_ name: String, _ table: Table, status: String) -> AWSJSON {
        .object([
            "TableName": .string(name), "TableStatus": .string(status), "ItemCount": .number(String(table.items.count)),
            "KeySchema": .array(table.keySchema), "AttributeDefinitions": .array(table.definitions),
        ])
    }

    private static func notFound(_ table: String) -> HTTPResponse {
        error(400, "ResourceNotFoundException", "Requested resource not found: Table: \(table) not found")
    }

    static func error(_ status: Int, _ type: String, _ message: String) -> HTTPResponse {
        response(
            status,
            AWSJSON.object([
                "__type": .string("com.amazonaws.dynamodb.v20120810#\(type)"), "message": .string(message),
            ]).bytes)
    }

    private static func json(_ members: [String: AWSJSON]) -> HTTPResponse {
        response(200, AWSJSON.object(members).bytes)
    }

    package static func response(_ status: Int, _ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: [
                ("content-type", "application/x-amz-json-1.0"), ("x-amzn-requestid", "REQ\(body.count)"),
                ("x-amz-crc32", String(CRC32.checksum(body))),
            ],
            body: body)
    }
}
