import CLibPQ

/// A statement parameter. Bytes go binary (bytea, no escaping); the rest as text,
/// which the server casts to the column's type.
public enum PostgresValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case bytes([UInt8])

    var encoded: (bytes: [UInt8], binary: Bool) {
        switch self {
        case .text(let text): return (Array(text.utf8), false)
        case .integer(let value): return (Array(String(value).utf8), false)
        case .bytes(let bytes): return (bytes, true)
        }
    }
}

/// The rows of one statement; freed with it.
public final class PostgresResult {
    public enum Format: Sendable { case text, binary }

    let raw: OpaquePointer
    public let format: Format

    init(_ raw: OpaquePointer, format: Format) {
        self.raw = raw
        self.format = format
    }

    deinit { PQclear(raw) }

    public var rowCount: Int { Int(PQntuples(raw)) }

    /// Rows an INSERT, UPDATE or DELETE touched.
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(raw))) ?? 0 }

    public func isNull(row: Int, column: Int) -> Bool { PQgetisnull(raw, Int32(row), Int32(column)) == 1 }

    /// The value's bytes as the server sent them (text, or binary when asked for).
    public func bytes(row: Int, column: Int) -> [UInt8]? {
        guard row < rowCount, !isNull(row: row, column: column), let value = PQgetvalue(raw, Int32(row), Int32(column))
        else { return nil }
        let length = Int(PQgetlength(raw, Int32(row), Int32(column)))
        return value.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    public func text(row: Int, column: Int) -> String? {
        bytes(row: row, column: column).map { String(decoding: $0, as: UTF8.self) }
    }

    /// An int8/int4 column: parsed from text, or read in network order from binary.
    public func integer(row: Int, column: Int) -> Int64? {
        guard let bytes = bytes(row: row, column: column) else { return nil }
        switch format {
        case .text: return Int64(String(decoding: bytes, as: UTF8.self))
        case .binary: return bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) }
        }
    }
}

/// A refusal or failure, with the SQLSTATE that tells a conflict (23505) from the rest.
public struct PostgresError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public var sqlState: String?
    /// The connection is gone (server restart, network): reconnect, then read again.
    public var connectionLost: Bool

    public var description: String { message }

    /// Another writer inserted the same key first.
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// Whether the server ends the session with this error: it is shutting down or
    /// restarting (57P01 admin, 57P02 crash, 57P03 not yet accepting), or the connection
    /// failed (class 08).
    static func endsTheSession(_ sqlState: String?) -> Bool {
        guard let sqlState else { return false }
        return ["57P01", "57P02", "57P03"].contains(sqlState) || sqlState.hasPrefix("08")
    }

    /// `partnerdash_append`'s refusal of an actor the login role is not mapped to.
    public static let insufficientPrivilege = "42501"
}

/// One NOTIFY, as LISTEN hears it.
public struct PostgresNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
}
