import Foundation
import PartnerWorkspace
import Testing

/// `--data` parsed once: a path is a directory, a `postgresql://` URI a workspace in
/// PostgreSQL whose `workspace=` parameter is taken out before libpq sees the URI.
struct DataLocationTests {
    @Test func aPathIsADirectory() throws {
        #expect(try DataLocation.parse("/tmp/ws") == .directory(URL(fileURLWithPath: "/tmp/ws")))
        #expect(try DataLocation.parse("relative/ws") == .directory(URL(fileURLWithPath: "relative/ws")))
    }

    @Test func aURINamesTheDatabaseAndTheWorkspace() throws {
        #expect(try DataLocation.parse("postgresql://ana@db:5432/partners?workspace=contoso")
                == .postgres(conninfo: "postgresql://ana@db:5432/partners", workspace: "contoso"))
        #expect(try DataLocation.parse("postgres://db/partners?sslmode=require&workspace=a%2Db&connect_timeout=5")
                == .postgres(conninfo: "postgres://db/partners?sslmode=require&connect_timeout=5", workspace: "a-b"))
        #expect(try DataLocation.parse("postgresql:///partners?host=%2Ftmp&sslmode=disable&workspace=x")
                == .postgres(conninfo: "postgresql:///partners?host=%2Ftmp&sslmode=disable", workspace: "x"))
        // Without the parameter the workspace is "default".
        #expect(try DataLocation.parse("postgresql:///partners") == .postgres(conninfo: "postgresql:///partners", workspace: "default"))
        #expect(throws: DataLocationError.self) { try DataLocation.parse("postgresql:///partners?workspace=") }
        #expect(throws: DataLocationError.self) { try DataLocation.parse("postgresql:///partners?workspace=a%20b") }
    }

    @Test func theDescriptionNeverShowsThePassword() throws {
        let location = try DataLocation.parse("postgresql://ana:s3cret@db/partners?password=other&workspace=w")
        #expect(!location.description.contains("s3cret") && !location.description.contains("other"))
        #expect(location.description == "postgresql://ana@db/partners?password=…&workspace=w")
        // The local files directory is the same with or without the password.
        let withPassword = DataLocation.localFilesDirectory(conninfo: "postgresql://ana:s3cret@db/partners", workspace: "w",
                                                            environment: ["XDG_DATA_HOME": "/x"])
        let without = DataLocation.localFilesDirectory(conninfo: "postgresql://ana@db/partners", workspace: "w",
                                                       environment: ["XDG_DATA_HOME": "/x"])
        #expect(withPassword == without && withPassword.path.hasPrefix("/x/partnerdash-postgres/w-"))
        #expect(withPassword != DataLocation.localFilesDirectory(conninfo: "postgresql://ana@db/partners", workspace: "v",
                                                                 environment: ["XDG_DATA_HOME": "/x"]))
    }

    @Test func theEnvironmentIsTheFallback() throws {
        #expect(try DataLocation.fromEnvironment(nil, environment: ["PARTNERDASH_DATA": "postgresql:///p?workspace=e", "HOME": "/h"])
                == .postgres(conninfo: "postgresql:///p", workspace: "e"))
        #expect(try DataLocation.fromEnvironment("/given", environment: ["PARTNERDASH_DATA": "postgresql:///p"])
                == .directory(URL(fileURLWithPath: "/given")))
        #expect(try DataLocation.fromEnvironment(nil, environment: ["HOME": "/h"])
                == .directory(URL(fileURLWithPath: "/h/.local/share/partnerdash")))
    }
}
