import Foundation
import PartnerDashboard
import TerminalKit
import Testing
import TestSupport

/// "Open in email" outside the dashboard: which program gets the `mailto:` link.
@MainActor
@Suite struct SystemOpenerTests {
    @Test func withNeitherBrowserNorXdgOpenThereIsNoProgram() {
        let opener = SystemOpener(environment: ["BROWSER": "", "PATH": "/nonexistent"])
        #expect(opener.open("mailto:a%40b.example") == .noProgram)
        let missing = SystemOpener(environment: ["BROWSER": "no-such-browser:/nonexistent/also-not", "PATH": "/nonexistent"])
        #expect(missing.open("mailto:a%40b.example") == .noProgram)
    }

    @Test func theFirstBrowserThatExistsGetsTheURLDetached() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pd-opener-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("mailer")
        let out = dir.appendingPathComponent("got")
        try Executable.write("#!/bin/sh\nprintf '%s' \"$1\" > \"\(out.path).tmp\" && mv \"\(out.path).tmp\" \"\(out.path)\"\n",
                             to: script.path)
        let opener = SystemOpener(environment: ["BROWSER": "no-such-browser:\(script.path)", "PATH": "/usr/bin:/bin"])
        let url = "mailto:nadia%40northwindcloud.example?subject=Hi&body=a%20b"
        #expect(opener.open(url) == .opened(program: "mailer"))
        // The program runs detached: wait for what it wrote, with a deadline.
        let deadline = Date().addingTimeInterval(60)  // the full suite can keep both cores busy
        while !FileManager.default.fileExists(atPath: out.path) && Date() < deadline {
            RunLoop.current.run(until: Date().addingTimeInterval(0.01))
        }
        try #require(FileManager.default.fileExists(atPath: out.path), "the detached program wrote nothing within a minute")
        #expect(try String(contentsOf: out, encoding: .utf8) == url)
    }
}
