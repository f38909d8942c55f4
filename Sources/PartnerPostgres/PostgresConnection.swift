import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// One synchronous libpq connection, as the store wants it: a call returns when the
/// server has answered, like a file write returns after fdatasync. Not thread-safe;
/// one owner at a time (libpq's own rule for a PGconn).
public final class PostgresConnection {
    private let handle: OpaquePointer
    public let conninfo: String

    /// Connects, or throws with the server's or libpq's message (never the password).
    public init(_ conninfo: String) throws(PostgresError) {
        guard let handle = PQconnectdb(conninfo) else {
            throw PostgresError(message: "out of memory connecting to PostgreSQL", sqlState: nil, connectionLost: true)
        }
        self.handle = handle
        self.conninfo = conninfo
        guard PQstatus(handle) == CONNECTION_OK else {
            // deinit runs for a class whose init throws once every property is set, and
            // finishes the handle: finishing it here too would free it twice.
            throw PostgresError(message: Self.message(of: handle), sqlState: nil, connectionLost: true)
        }
        // Notices (for example "relation already exists, skipping") are for people at psql.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    public var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The login role the server authenticated (`session_user`).
    public func sessionUser() throws(PostgresError) -> String {
        try execute("SELECT session_user::text").text(row: 0, column: 0) ?? ""
    }

    /// libpq's last message about the connection (why it failed or was lost), trimmed.
    public var errorMessage: String { Self.message(of: handle) }

    /// Tries the same conninfo again after the server went away; true when it is back.
    @discardableResult
    public func reconnect() -> Bool {
        PQreset(handle)
        return isConnected
    }

    /// Runs one statement with `$1…` parameters. Results come back binary when asked
    /// (bytea without hex doubling; integers in network order), else as text.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue?] = [],
                        result format: PostgresResult.Format = .text) throws(PostgresError) -> PostgresResult {
        let raw = withParameters(parameters) { count, values, lengths, formats in
            PQexecParams(handle, sql, count, nil, values, lengths, formats, format == .binary ? 1 : 0)
        }
        guard let raw else {
            throw PostgresError(message: Self.message(of: handle), sqlState: nil, connectionLost: !isConnected)
        }
        return try check(PostgresResult(raw, format: format))
    }

    /// Sends the statements at once and reads their results in order (libpq's pipeline
    /// mode): one round trip instead of one each. Each statement runs as `execute` would
    /// run it, in order; the first error is thrown once all have answered.
    ///
    /// Without `syncEach` the statements are one implicit transaction (unless one says
    /// BEGIN), and after a failed one the server skips the rest. With it, a sync point
    /// follows each: each commits on its own, and one that fails skips nothing after it.
    public func executePipeline(_ statements: [PostgresStatement],
                                syncEach: Bool = false) throws(PostgresError) -> [PostgresResult] {
        guard PQenterPipelineMode(handle) == 1 else { throw lost() }
        defer { _ = PQexitPipelineMode(handle) }
        for statement in statements {
            let sent = withParameters(statement.parameters) { count, values, lengths, formats in
                PQsendQueryParams(handle, statement.sql, count, nil, values, lengths, formats, statement.format == .binary ? 1 : 0)
            }
            guard sent == 1 else { throw lost() }
            if syncEach { guard PQpipelineSync(handle) == 1 else { throw lost() } }
        }
        if !syncEach { guard PQpipelineSync(handle) == 1 else { throw lost() } }
        var results: [PostgresResult] = []
        var firstError: PostgresError?
        for statement in statements {
            guard let raw = PQgetResult(handle) else { throw lost(after: firstError) }
            let result = PostgresResult(raw, format: statement.format)
            if PQresultStatus(raw) != PGRES_PIPELINE_ABORTED {
                do {
                    results.append(try check(result))
                } catch {
                    firstError = firstError ?? error
                }
            }
            // Each statement's results end with a null.
            while let extra = PQgetResult(handle) { PQclear(extra) }
            if syncEach { try readSync(before: firstError) }
        }
        if !syncEach { try readSync(before: firstError) }
        if let firstError { throw firstError }
        return results
    }

    /// Reads a pipeline's sync point: none is a lost connection; another result, the
    /// error already met (else a lost connection).
    private func readSync(before error: PostgresError?) throws(PostgresError) {
        guard let sync = PQgetResult(handle) else { throw lost(after: error) }
        defer { PQclear(sync) }
        guard PQresultStatus(sync) == PGRES_PIPELINE_SYNC else { throw error ?? lost() }
    }

    /// libpq's own error: the connection's message, lost or not.
    private func lost() -> PostgresError {
        PostgresError(message: Self.message(of: handle), sqlState: nil, connectionLost: !isConnected)
    }

    /// The results stopped: the server's own error when it ended the session (libpq may
    /// still report the connection as up then), else libpq's.
    private func lost(after error: PostgresError?) -> PostgresError {
        if let error, error.connectionLost { return error }
        return lost()
    }

    /// The result when the statement succeeded, else its error with the SQLSTATE.
    @discardableResult
    private func check(_ result: PostgresResult) throws(PostgresError) -> PostgresResult {
        switch PQresultStatus(result.raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return result
        default:
            let sqlState = PQresultErrorField(result.raw, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            // In pipeline mode libpq hands over the server's goodbye before it has read
            // the close, so the connection still looks up: the SQLSTATE says it is not.
            throw PostgresError(message: Self.errorMessage(of: result.raw), sqlState: sqlState,
                                connectionLost: !isConnected || PostgresError.endsTheSession(sqlState))
        }
    }

    /// Runs several statements at once, without parameters (the schema's DDL): libpq
    /// takes a script only through its simple protocol.
    public func executeScript(_ sql: String) throws(PostgresError) {
        guard let raw = PQexec(handle, sql) else {
            throw PostgresError(message: Self.message(of: handle), sqlState: nil, connectionLost: !isConnected)
        }
        try check(PostgresResult(raw, format: .text))
    }

    /// Runs `body` between BEGIN and COMMIT; any error rolls back and is rethrown.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        return try finishTransaction(body)
    }

    /// Runs `body` in the transaction already open and commits it; any error rolls back.
    public func finishTransaction<T>(_ body: () throws -> T) throws -> T {
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if isConnected { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    public func listen(_ channel: String) throws(PostgresError) {
        try execute("LISTEN \(Self.identifier(channel))")
    }

    /// Waits up to `timeout` for notifications (returns at once with those already in),
    /// for a thread that only listens. The payloads, oldest first; none on timeout.
    public func notifications(waitingUpTo timeout: Duration) throws(PostgresError) -> [PostgresNotification] {
        var found = try drainNotifications()
        if !found.isEmpty { return found }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        guard descriptor.fd >= 0 else {
            throw PostgresError(message: "the connection to PostgreSQL is closed", sqlState: nil, connectionLost: true)
        }
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        if poll(&descriptor, 1, milliseconds) > 0 { found = try drainNotifications() }
        return found
    }

    private func drainNotifications() throws(PostgresError) -> [PostgresNotification] {
        guard PQconsumeInput(handle) == 1 else {
            throw PostgresError(message: Self.message(of: handle), sqlState: nil, connectionLost: !isConnected)
        }
        var found: [PostgresNotification] = []
        while let notice = PQnotifies(handle) {
            found.append(PostgresNotification(channel: String(cString: notice.pointee.relname),
                                              payload: String(cString: notice.pointee.extra)))
            PQfreemem(notice)
        }
        return found
    }

    /// A name quoted for SQL, for the few statements (LISTEN) that take no parameters.
    public static func identifier(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    private static func message(of handle: OpaquePointer) -> String {
        trimmed(PQerrorMessage(handle).map { String(cString: $0) } ?? "unknown PostgreSQL error")
    }

    private static func errorMessage(of result: OpaquePointer) -> String {
        trimmed(PQresultErrorMessage(result).map { String(cString: $0) } ?? "unknown PostgreSQL error")
    }

    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text.hasPrefix("ERROR:  ") ? text.dropFirst(8) : text)
    }
}

/// Gives libpq the parameters as it takes them (count, values, lengths, formats: bytes
/// binary, the rest text) for the duration of the call.
private func withParameters<R>(_ parameters: [PostgresValue?],
                               _ body: (Int32, [UnsafePointer<CChar>?], [Int32], [Int32]) -> R) -> R {
    let encoded = parameters.map { $0?.encoded }
    let formats = encoded.map { Int32($0?.binary == true ? 1 : 0) }
    let lengths = encoded.map { Int32($0?.bytes.count ?? 0) }
    return withPointers(to: encoded.map { $0?.bytes }) { values in body(Int32(encoded.count), values, lengths, formats) }
}

/// Gives libpq one C pointer per parameter for the duration of the call.
private func withPointers<R>(to values: [[UInt8]?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let buffers: [UnsafeMutablePointer<CChar>?] = values.map { bytes in
        guard let bytes else { return nil }
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        // One copy (a snapshot is megabytes; a loop per byte took seconds in a debug build).
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: source.count) }
        }
        buffer[bytes.count] = 0
        return buffer
    }
    defer { for buffer in buffers { buffer?.deallocate() } }
    return body(buffers.map { $0.map { UnsafePointer($0) } })
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}

/// One statement of `PostgresConnection.executePipeline`.
public struct PostgresStatement {
    public var sql: String
    public var parameters: [PostgresValue?]
    public var format: PostgresResult.Format

    public init(_ sql: String, _ parameters: [PostgresValue?] = [], result format: PostgresResult.Format = .text) {
        self.sql = sql
        self.parameters = parameters
        self.format = format
    }
}
