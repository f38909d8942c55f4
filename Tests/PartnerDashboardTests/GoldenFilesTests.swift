import Foundation
import TerminalKit
import Testing

/// Every golden file is used by a test, and every golden a test uses exists: read from
/// the test sources (`GoldenReferences`), not from a list kept by hand.
struct GoldenFilesTests {
    static let minimum = (cols: TerminalSize.minimum.cols, rows: TerminalSize.minimum.rows)
    static let testsDirectory = Golden.directory.deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyGoldenFileIsUsedByATestAndEveryUsedOneExists() throws {
        let audit = try GoldenAudit(goldenDirectory: Golden.directory, testsDirectory: Self.testsDirectory, minimum: Self.minimum)
        #expect(audit.unresolved.isEmpty, "golden names the scanner cannot follow:\n\(audit.unresolved.joined(separator: "\n"))")
        #expect(audit.orphans.isEmpty, "golden files no test uses (delete them): \(audit.orphans.map { $0 + ".txt" })")
        #expect(audit.missing.isEmpty, "goldens tests use that do not exist:\n\(audit.missing.joined(separator: "\n"))")
        // The scan found the calls at all: a scanner that saw nothing would find everything orphaned.
        let references = try GoldenReferences(testsDirectory: Self.testsDirectory, minimum: Self.minimum)
        #expect(references.names.count >= 90)
        #expect(references.names["acct-status-review-120x40"] != nil)
        #expect(references.names["wizard-confirmation-80x24"] != nil)
    }

    // MARK: The scanner, on sources and directories made here

    private func scan(_ text: String) -> GoldenReferences {
        GoldenReferences(sources: [("Fake.swift", text)], minimum: (80, 24))
    }

    @Test func anOrphanAndAMissingGoldenAreBothNamed() throws {
        let root = try FakeTree()
        try root.write("Tests/Screens/FakeTests.swift", #"""
            struct FakeTests {
                @Test func screens() throws {
                    for size in [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)] {
                        try Golden.check(grid, "home-\(size.cols)x\(size.rows)")
                    }
                    try Golden.check(grid, "gone-80x24")
                }
            }
            """#)
        for name in ["home-80x24", "home-120x40", "orphan-80x24"] {
            try root.write("Tests/Screens/Golden/\(name).txt", "x\n")
        }
        try root.write("Tests/Screens/Golden/notes.md", "not a golden")
        let audit = try GoldenAudit(
            goldenDirectory: root.url("Tests/Screens/Golden"), testsDirectory: root.url("Tests"), minimum: (80, 24))
        #expect(audit.orphans == ["orphan-80x24"])
        #expect(audit.missing == ["gone-80x24 (used at FakeTests.swift:6)"])
        #expect(audit.unresolved.isEmpty)
        #expect(!audit.isClean)

        try FileManager.default.removeItem(at: root.url("Tests/Screens/Golden/orphan-80x24.txt"))
        try root.write("Tests/Screens/Golden/gone-80x24.txt", "x\n")
        let fixed = try GoldenAudit(
            goldenDirectory: root.url("Tests/Screens/Golden"), testsDirectory: root.url("Tests"), minimum: (80, 24))
        #expect(fixed.isClean)
    }

    @Test func helpersParametersAndConstantsAreFollowed() {
        let references = scan(#"""
            struct Fake {
                static let wide = TerminalSize(rows: 40, cols: 120)

                private func golden(_ root: @autoclosure () throws -> Screen, _ name: String, session: Session,
                                    keys: [KeyEvent] = []) throws {
                    for size in [TerminalSize.minimum, Self.wide] {
                        try Golden.check(app(session, size: size).render(), "acct-\(name)-\(size.cols)x\(size.rows)")
                    }
                }

                @Test func pages() throws {
                    try golden(Screen(session: session), "settings", session: session)
                    try golden({ let s = Screen(); s.focus(x); return s }(), "expanded", session: session, keys: [.right, .down])
                }

                @Test(arguments: [TerminalSize.minimum, TerminalSize(rows: 40, cols: 120)])
                func wizard(size: TerminalSize) throws {
                    let name = "\(size.cols)x\(size.rows)"
                    try Golden.check(masked(app.render()), "wizard-\(name)")
                }

                @Test func statuses() throws {
                    for (name, user) in [("pending", "liam@example.com"), ("review", "olivia@example.com")] {
                        for size in [TerminalSize.minimum, Self.wide] {
                            try Golden.check(app(user).render(), "status-\(name)-\(size.cols)x\(size.rows)")
                        }
                    }
                    for size in [.minimum] {
                        try Golden.check(frame(keys: [.character("/"), .character(")")]), "rejected-\(size.cols)x\(size.rows)")
                    }
                    // try Golden.check(grid, "commented-out")
                    let text = "try Golden.check(grid, \"in-a-string\")"
                    /* try Golden.check(grid, "in-a-block-comment") */
                }
            }
            """#)
        #expect(references.unresolved == [])
        #expect(Set(references.names.keys) == [
            "acct-settings-80x24", "acct-settings-120x40", "acct-expanded-80x24", "acct-expanded-120x40",
            "wizard-80x24", "wizard-120x40",
            "status-pending-80x24", "status-pending-120x40", "status-review-80x24", "status-review-120x40",
            "rejected-80x24",
        ])
        #expect(references.names["acct-settings-120x40"] == [GoldenReferences.Location(file: "Fake.swift", line: 7)])
    }

    @Test func aNameTheScannerCannotFollowIsReportedNotSkipped() {
        let references = scan(#"""
            struct Fake {
                @Test func a() throws {
                    try Golden.check(grid, names.randomElement()!)
                    try Golden.check(grid, "screen-\(pick())")
                    app.onRender { page in try Golden.check(grid, "page-\(page)") }
                }

                private func unused(_ name: String) throws {
                    try Golden.check(grid, name)
                }
            }
            """#)
        #expect(references.names.isEmpty)
        #expect(references.unresolved.count == 4, "\(references.unresolved)")
        #expect(references.unresolved.allSatisfy { $0.hasPrefix("Fake.swift:") })
        #expect(references.unresolved.contains { $0.contains("unused is never called") })
    }
}

/// A temporary directory tree, removed when the value goes.
private final class FakeTree {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("golden-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    func write(_ path: String, _ text: String) throws {
        let file = url(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
}
