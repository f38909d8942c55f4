import Foundation
import PartnerDashboard
import TerminalKit
import Testing
import TestSupport

/// Copy to clipboard outside the terminal: which desktop program gets the text, and how.
@MainActor
@Suite struct SystemClipboardToolTests {
    /// A directory holding fake `wl-copy`/`xclip`/`xsel` scripts that save their
    /// standard input and arguments.
    private final class FakePrograms {
        let dir: URL
        init(_ names: [String], script: String? = nil) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("pd-clip-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for name in names {
                let body = script ?? "#!/bin/sh\ncat > \"$(dirname \"$0\")/\(name).in\"\nprintf '%s ' \"$@\" > \"$(dirname \"$0\")/\(name).args\"\n"
                try Executable.write(body, to: dir.appendingPathComponent(name).path)
            }
        }
        deinit { try? FileManager.default.removeItem(at: dir) }
        func read(_ file: String) -> String? {
            try? String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
        }
    }

    @Test func withoutADisplayThereIsNoProgram() throws {
        let fakes = try FakePrograms(["wl-copy", "xclip"])
        let tool = SystemClipboardTool(environment: ["PATH": fakes.dir.path])
        #expect(tool.copy("secret") == .noProgram)
        #expect(fakes.read("xclip.in") == nil && fakes.read("wl-copy.in") == nil)
    }

    @Test func waylandGetsTheTextOnStandardInputNotInArguments() throws {
        let fakes = try FakePrograms(["wl-copy", "xclip"])
        let tool = SystemClipboardTool(environment: ["PATH": fakes.dir.path + ":/usr/bin:/bin",
                                                    "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"])
        let text = "User name: admin@alpineskiclub.onmicrosoft.com\nTemporary password: Xq7!pLm2"
        #expect(tool.copy(text) == .copied(program: "wl-copy"))
        #expect(fakes.read("wl-copy.in") == text)
        #expect(fakes.read("wl-copy.args") == " ")
        #expect(fakes.read("xclip.in") == nil)
    }

    @Test func x11UsesXclipsClipboardSelectionThenXsel() throws {
        let both = try FakePrograms(["xclip", "xsel"])
        let env = ["PATH": both.dir.path + ":/usr/bin:/bin", "DISPLAY": ":0"]
        #expect(SystemClipboardTool(environment: env).copy("body") == .copied(program: "xclip"))
        #expect(both.read("xclip.in") == "body")
        #expect(both.read("xclip.args") == "-selection clipboard ")

        let xselOnly = try FakePrograms(["xsel"])
        let env2 = ["PATH": xselOnly.dir.path + ":/usr/bin:/bin", "DISPLAY": ":0"]
        #expect(SystemClipboardTool(environment: env2).copy("body") == .copied(program: "xsel"))
        #expect(xselOnly.read("xsel.args") == "--clipboard --input ")
    }

    @Test func macOSsPbcopyWithoutADisplayButNeverOverSSH() throws {
        let fakes = try FakePrograms(["pbcopy"])
        let path = fakes.dir.path + ":/usr/bin:/bin"
        #expect(SystemClipboardTool(environment: ["PATH": path]).copy("link") == .copied(program: "pbcopy"))
        #expect(fakes.read("pbcopy.in") == "link")
        // Over SSH it would fill the far machine's clipboard, not the user's.
        let remote = SystemClipboardTool(environment: ["PATH": path, "SSH_CONNECTION": "10.0.0.2 51000 10.0.0.3 22"])
        #expect(remote.copy("other") == .noProgram)
        #expect(fakes.read("pbcopy.in") == "link")
    }

    @Test func aProgramThatFailsIsReported() throws {
        let fakes = try FakePrograms(["xclip"], script: "#!/bin/sh\necho \"Error: Can't open display\" >&2\nexit 1\n")
        let tool = SystemClipboardTool(environment: ["PATH": fakes.dir.path + ":/usr/bin:/bin", "DISPLAY": ":9"])
        #expect(tool.copy("body") == .failed("xclip exited with status 1"))
    }

    @Test func aProgramThatHangsIsKilledAtTheDeadline() throws {
        // Reads nothing and never ends: the dashboard must get its keyboard back.
        let fakes = try FakePrograms(["xclip"], script: "#!/bin/sh\nexec sleep 600\n")
        let tool = SystemClipboardTool(environment: ["PATH": fakes.dir.path + ":/usr/bin:/bin", "DISPLAY": ":0"],
                                       patience: .milliseconds(200))
        #expect(tool.copy("body") == .failed("xclip did not finish within 0.2 seconds"))
    }
}
