import PartnerPostgres
import TestSupport
import Testing

/// The libpq connection under the shared mode, against a real throwaway server
/// (`PostgresTestServer`): parameters and bytes survive the trip, a duplicate key is
/// told apart from other errors, a failed transaction leaves nothing, and NOTIFY wakes
/// a listener.
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct PostgresConnectionTests {
    let database: PostgresConnection

    init() throws {
        database = try PostgresConnection(try PostgresTestServer.freshDatabase())
    }

    @Test func bytesAndTextRoundTripThroughParameters() throws {
        try database.execute("CREATE TABLE t (k bigint PRIMARY KEY, body bytea NOT NULL, note text)")
        let everyByte = (0...255).map { UInt8($0) } + [0, 0, 39, 92]
        let note = "O'Brien \"quoted\" \\ 日本 é"
        try database.execute("INSERT INTO t VALUES ($1, $2, $3)", [.integer(7), .bytes(everyByte), .text(note)])
        try database.execute("INSERT INTO t VALUES ($1, $2, $3)", [.integer(8), .bytes([]), nil])

        let binary = try database.execute("SELECT k, body, note FROM t ORDER BY k", result: .binary)
        #expect(binary.rowCount == 2)
        #expect(binary.integer(row: 0, column: 0) == 7)
        #expect(binary.bytes(row: 0, column: 1) == everyByte)
        #expect(binary.text(row: 0, column: 2) == note)
        #expect(binary.bytes(row: 1, column: 1) == [])
        #expect(binary.isNull(row: 1, column: 2) && binary.text(row: 1, column: 2) == nil)

        let text = try database.execute("SELECT k FROM t WHERE note = $1", [.text(note)])
        #expect(text.integer(row: 0, column: 0) == 7)
    }

    @Test func aDuplicateKeyIsAConflictAndOtherErrorsAreNot() throws {
        try database.execute("CREATE TABLE j (seq bigint PRIMARY KEY)")
        try database.execute("INSERT INTO j VALUES ($1)", [.integer(1)])
        let duplicate = #expect(throws: PostgresError.self) { try database.execute("INSERT INTO j VALUES ($1)", [.integer(1)]) }
        #expect(duplicate?.isUniqueViolation == true && duplicate?.connectionLost == false)
        #expect(duplicate?.message.contains("duplicate key") == true, "\(String(describing: duplicate))")

        let syntax = #expect(throws: PostgresError.self) { try database.execute("SELEKT 1") }
        #expect(syntax?.sqlState == "42601" && syntax?.isUniqueViolation == false)
        #expect(database.isConnected, "an error in a statement keeps the connection")
    }

    @Test func aFailedTransactionLeavesNothing() throws {
        try database.execute("CREATE TABLE j (seq bigint PRIMARY KEY)")
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try database.transaction {
                try database.execute("INSERT INTO j VALUES (1)")
                throw Stop()
            }
        }
        #expect(throws: PostgresError.self) {
            try database.transaction {
                try database.execute("INSERT INTO j VALUES (2)")
                try database.execute("INSERT INTO j VALUES (2)")
            }
        }
        #expect(try database.execute("SELECT count(*) FROM j").integer(row: 0, column: 0) == 0)
        try database.transaction { _ = try database.execute("INSERT INTO j VALUES (3)") }
        #expect(try database.execute("SELECT count(*) FROM j").integer(row: 0, column: 0) == 1)
    }

    @Test func notifyWakesAListenerWithThePayload() throws {
        let listener = try PostgresConnection(database.conninfo)
        try listener.listen("journal appended")
        #expect(try listener.notifications(waitingUpTo: .milliseconds(0)).isEmpty)
        try database.execute("SELECT pg_notify($1, $2)", [.text("journal appended"), .text("42")])
        try database.execute("SELECT pg_notify($1, $2)", [.text("journal appended"), .text("43")])
        var heard: [PostgresNotification] = []
        // A deadline, not a sleep: the wait returns as soon as the server's message arrives.
        let deadline = ContinuousClock.now + .seconds(10)
        while heard.count < 2, ContinuousClock.now < deadline {
            heard += try listener.notifications(waitingUpTo: .seconds(1))
        }
        #expect(heard.map(\.payload) == ["42", "43"])
        #expect(heard.allSatisfy { $0.channel == "journal appended" })
    }

    @Test func aServerThatIsNotThereIsOneClearError() throws {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection("host=/nonexistent-partnerdash-socket-dir port=1 user=nobody connect_timeout=2")
        }
        #expect(error?.connectionLost == true)
        #expect(error?.message.contains("/nonexistent-partnerdash-socket-dir") == true, "\(String(describing: error))")
    }

    /// A session the server ends (a restart's `pg_ctl -m fast`, or `pg_terminate_backend`
    /// as here) is a lost connection, to reconnect and look up, whichever way the next
    /// statements are sent: in pipeline mode libpq hands over the server's FATAL error
    /// before it has seen the socket close.
    @Test(arguments: [false, true])
    func aSessionTheServerEndsIsALostConnection(pipelined: Bool) throws {
        let session = try PostgresConnection(database.conninfo)
        let pid = try #require(try session.execute("SELECT pg_backend_pid()").integer(row: 0, column: 0))
        // Waits (up to 10 s) until the backend is gone, so its goodbye is on the socket.
        let ended = try database.execute("SELECT pg_terminate_backend($1::int, 10000)", [.integer(pid)])
        #expect(ended.text(row: 0, column: 0) == "t")
        let error = #expect(throws: PostgresError.self) {
            if pipelined {
                _ = try session.executePipeline([PostgresStatement("BEGIN"), PostgresStatement("SELECT 1"),
                                                 PostgresStatement("COMMIT")])
            } else {
                try session.execute("SELECT 1")
            }
        }
        #expect(error?.connectionLost == true, "\(String(describing: error)) \(String(describing: error?.sqlState))")
        #expect(session.reconnect())
        #expect(try session.execute("SELECT 1").integer(row: 0, column: 0) == 1)
    }

    @Test func theSessionUserIsTheAuthenticatedRole() throws {
        #expect(try database.sessionUser() == "postgres")
    }
}
