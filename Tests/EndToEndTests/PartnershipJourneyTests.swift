import Foundation
import Testing
import TestSupport

/// The two sides of the two-tier model through the real binary in a real terminal:
/// (a) the provider requests a partnership, (b) the reseller authorizes it with the
/// checkbox, (c) the provider adds a customer for that reseller with two offers,
/// (d) Customers filtered by the reseller shows it, (e) all of it survives a restart.
@Suite(.serialized) struct PartnershipJourneyTests {
    static let ana = "ana@contosodistribution.onmicrosoft.com"
    static let nadia = "nadia@northwindcloud.onmicrosoft.com"

    @Test func providerAndResellerConnectAndServeACustomer() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let tmux = e2e.tmux

        // (a) Indirect resellers › Northwind Cloud › r › Draft email › Done.
        try e2e.dashboard(as: Self.ana)
        try tmux.waitFor("At a glance")
        try requestPartnershipWithNorthwind(tmux)
        try tmux.waitFor("Northwind Row Invited") { row("Northwind Cloud", in: $0)?.contains("Invited") == true }
        try quit(tmux)
        let link = try #require(try newestLink(in: e2e.workspace), "the invitation email is in the outbox")

        // (b) As Northwind's admin: Open invitation link, check the box, Authorize.
        try e2e.dashboard(as: Self.nadia)
        try tmux.waitFor("Northwind Cloud (indirect reseller)")
        try jump(to: "Open invitation", tmux)
        try tmux.waitFor("Link")
        try tmux.type(link)
        try tmux.press("Enter")
        try tmux.waitFor("[ ] I authorize this indirect provider")
        try tmux.press("Tab", "Enter")             // Authorize while unchecked: refused
        try tmux.waitFor("selecting Authorize indirect provider")
        try tmux.press("BTab", "Space", "Tab", "Enter")
        try tmux.waitFor("Contoso Distribution is now your indirect provider")
        try quit(tmux)

        // (c) As the provider: Northwind › n › New customer › two offers › Review › Submit.
        try e2e.dashboard(as: Self.ana)
        try tmux.waitFor("At a glance")
        try openResellerRow("Northwind", tmux)
        try tmux.waitFor("Northwind Active") { row("Northwind Cloud", in: $0)?.contains("Active") == true }
        try fillNewCustomer("Alpine Ski Club", prefix: "alpineskiclub", email: "it@alpineski.example", tmux)
        try tmux.press("Down", "Down", "Space")
        try tmux.type("25")
        try tmux.press("Tab", "Tab", "Enter")
        try tmux.waitFor("[ Submit ]")
        let review = try tmux.screen()
        #expect(review.contains("Partner of record   Northwind Cloud (4700112)"))
        #expect(review.contains("Resellers of record Contoso Distribution, Northwind Cloud"))
        try tmux.press("Enter")
        let confirmation = try tmux.waitFor("Temporary password")
        #expect(confirmation.contains("admin@alpineskiclub.onmicrosoft.com"))
        let password = try #require(confirmation.split(separator: "\n").first { $0.contains("Temporary password") }?
            .split(separator: " ").last { !$0.contains("│") }.map(String.init))
        #expect(password.count == 16)

        // (d) Done lands on Customers filtered by Northwind, the new customer focused.
        try tmux.press("Enter")
        // A frame can reach tmux in pieces: wait for all of it.
        try tmux.waitFor("Customers filtered by Northwind, Alpine Ski Club focused") {
            $0.contains("Added Alpine Ski Club") && $0.contains("Customers · reseller: Northwind Cloud")
                && $0.contains("▸Alpine Ski Club")
        }
        try quit(tmux)

        // The password was shown once and written nowhere.
        for file in try files(under: e2e.workspace) {
            #expect(try Data(contentsOf: file).range(of: Data(password.utf8)) == nil, "\(file.lastPathComponent) holds the password")
        }

        // (e) Reopened, everything is still there.
        try e2e.dashboard(as: Self.ana)
        try tmux.waitFor("At a glance")
        try openResellerRow("Northwind", tmux)
        try tmux.waitFor("Northwind Active with a customer") {
            guard let row = row("Northwind Cloud", in: $0) else { return false }
            return row.contains("Active") && row.contains(" 1 ")
        }
        try tmux.press("v")
        try tmux.waitFor("Alpine Ski Club")
        try quit(tmux)
        let list = try e2e.cli("customers", "list", "--reseller", "Northwind Cloud", "--as", Self.ana)
        #expect(list.status == 0 && list.output.contains("Alpine Ski Club"), "\(list.output)")
        #expect(try e2e.cli("check").status == 0)
    }

    // MARK: Steps

    func jump(to name: String, _ tmux: Tmux) throws {
        try tmux.press(":")
        try tmux.waitFor("Jump to")
        try tmux.type(name)
        try tmux.waitFor("1 match")
        try tmux.press("Enter")
    }

    /// From a page where `n` adds a customer: the New customer form filled in (Toronto), then
    /// Next, and ten Business Basic licenses ticked on New subscription.
    func fillNewCustomer(_ company: String, prefix: String, email: String, _ tmux: Tmux) throws {
        try tmux.press("n")
        try tmux.waitFor("Next: Subscriptions")
        for value in [company, prefix, "Ada", "Lind", email, "+1 555 0100", "1 Main St", "", "Toronto", "", "M5H 2N2"] {
            if !value.isEmpty { try tmux.type(value) }
            try tmux.press("Tab")
        }
        try tmux.press("Tab", "Tab", "Tab", "Tab", "Enter")
        try tmux.waitFor("Microsoft 365 Business Basic")
        try tmux.press("Space")
        try tmux.type("10")
    }

    /// Customers › n › a new customer with no reseller and ten Business Basic licenses ›
    /// Review › Submit, until Confirmation shows the temporary password.
    func addCustomerFromCustomers(_ company: String, prefix: String, _ tmux: Tmux) throws {
        try jump(to: "Customers", tmux)
        try tmux.waitFor("/ filter")
        try fillNewCustomer(company, prefix: prefix, email: "it@\(prefix).example", tmux)
        try tmux.press("Tab", "Tab", "Enter")
        try tmux.waitFor("[ Submit ]")
        try tmux.press("Enter")
        try tmux.waitFor("Temporary password")
    }

    /// Indirect resellers › Northwind Cloud › r › Draft email › Send, until it is sent.
    func requestPartnershipWithNorthwind(_ tmux: Tmux) throws {
        try openResellerRow("Northwind", tmux)
        try tmux.press("r")
        try tmux.waitFor("personalized link")
        try tmux.press("Tab", "Tab", "Tab")
        try tmux.waitFor("Enter press")
        try tmux.press("Enter")
        try tmux.waitFor("\"Invitation sent to nadia@\" on the status line") {
            Tmux.statusLine(of: $0).contains("Invitation sent to nadia@")
        }
    }

    func openResellerRow(_ name: String, _ tmux: Tmux) throws {
        try jump(to: "Indirect resellers", tmux)
        try tmux.waitFor("Partnership")
        try tmux.press("/")
        try tmux.type(name)
        try tmux.press("Enter")
        try tmux.waitFor("1 of ")
    }

    /// As a person would: Esc back out of forms until the hint bar offers `q quit`, then q.
    func quit(_ tmux: Tmux) throws {
        for _ in 0..<5 where !(try tmux.screen()).contains("q quit") {
            let before = try tmux.screen()
            try tmux.press("Escape")
            try tmux.waitFor("the screen to change after Esc") { $0 != before }
        }
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
        try tmux.tmux(["kill-server"])
    }

    func row(_ name: String, in screen: String) -> String? {
        screen.split(separator: "\n").first { $0.contains(name) }.map(String.init)
    }

    func newestLink(in workspace: URL) throws -> String? {
        let outbox = workspace.appendingPathComponent("outbox")
        let newest = try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }.sorted().last
        guard let newest else { return nil }
        let mail = try StrictMail.parse(contentsOf: outbox.appendingPathComponent(newest)).body
        return mail.components(separatedBy: .whitespacesAndNewlines).first { $0.hasPrefix("partnerdash://invitation/") }
    }

    func files(under directory: URL) throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true { files.append(url) }
        }
        return files
    }
}
