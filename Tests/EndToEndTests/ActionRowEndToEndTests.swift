import Foundation
import Testing
import TestSupport

/// Issue 10 item 2 in a real terminal: the eleven pages `ActionRowTests` walks in a test
/// terminal, each reached from Home with the arrows and Enter, and every action in its row
/// chosen with ← → and done with Enter, its effect read off the screen, then Esc back. What
/// an action changes is then read back with the CLI.
@Suite(.serialized) struct ActionRowEndToEndTests {
    static let ana = PartnershipJourneyTests.ana
    static let mia = "mia@fabrikamsolutions.onmicrosoft.com"

    /// Indirect resellers, Customers, Invitations and the Activity log, as the provider.
    @Test func theProvidersListPagesEveryActionWithArrowsAndEnter() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let walk = ActionWalk(tmux: e2e.tmux)
        try e2e.dashboard(as: Self.ana)
        try walk.tmux.waitFor("At a glance")

        // Home has nothing to move in: ↓ moves the menu, Enter opens the page.
        try walk.open("Indirect resellers", by: ["Down", "Enter"])
        try walk.walk("Indirect resellers", entering: ["-N", "40", "Down"], [
            "n": .shows("Next: Subscriptions"),
            "v": .shows("Customers · reseller: "),
            "x": .shows("End the partnership?"),
            "e": .says("Exported "),
            "/": .filtering,
        ])
        // A pending invitation's row (Tailspin IT): Tab reaches its actions; withdraw it.
        try walk.select("Tailspin IT", in: "Indirect resellers")
        try walk.walk("Indirect resellers", entering: ["Tab"], [
            "w": .shows("Withdraw invitation?"),
            "e": .says("Exported "),
            "/": .filtering,
        ])
        try walk.choose("w withdraw", entering: ["Tab"])
        try walk.tmux.press("Enter")
        try walk.tmux.waitFor("Withdraw invitation?")
        try walk.tmux.press("Right", "Enter")
        try walk.tmux.waitFor("Invitation to Tailspin IT withdrawn")
        // An unpartnered reseller's row (Northwind Cloud): request a partnership.
        try walk.select("Northwind Cloud", in: "Indirect resellers")
        try walk.walk("Indirect resellers", entering: ["Tab"], [
            "r": .shows("personalized link"),
            "e": .says("Exported "),
            "/": .filtering,
        ])

        try walk.open("Customers", by: ["Left", "Down", "Enter"])
        try walk.walk("Customers", entering: ["-N", "60", "Down"], [
            "f": .shows("Filter by reseller"),
            "e": .says("Exported 37 customers to customers-"),
            "n": .shows("Next: Subscriptions"),
            "/": .filtering,
        ])

        try walk.open("Invitations", by: ["Left", "Down", "Enter"])
        try walk.walk("Invitations", entering: ["-N", "40", "Down"], ["e": .says("Exported "), "/": .filtering])
        try walk.select("it@margiestravel.example", in: "Invitations")
        try walk.walk("Invitations", entering: ["Tab"], [
            "w": .shows("Withdraw invitation?"),
            "e": .says("Exported "),
            "/": .filtering,
        ])

        // Two hundred records: Tab, which the log has no use for, reaches its actions.
        try walk.open("Activity log", by: ["Left", "Down", "Enter"])
        try walk.walk("Activity log", entering: ["Tab"], [
            "u": .shows("Filter by user"),
            "o": .shows("Filter by operation"),
            "c": .shows("Filter by customer"),
            "e": .changes(" records to"),
            "/": .filtering,
        ])
        // Choose a user (the picker's second line), then the row offers x, which clears it.
        try walk.choose("u user", entering: ["Tab"])
        try walk.tmux.press("Enter")
        try walk.tmux.waitFor("Filter by user")
        try walk.tmux.press("Down", "Enter")
        try walk.tmux.waitFor("the user filter") { !$0.contains("User: any") && !$0.contains("Filter by user") }
        try walk.walk("Activity log", entering: ["Tab"], ["x": .changes("User: any")], only: ["x"])
        try PartnershipJourneyTests().quit(walk.tmux)

        // What the actions wrote: the withdrawal in the log, and both exports.
        let log = try e2e.cli("log", "--operation", "withdraw_invitation", "--as", Self.ana, "--json")
        let withdrawn = try WorkflowEndToEndTests.rows(log.output)
        #expect(withdrawn.contains { $0["resourceName"] as? String == "tom@tailspinit.example" }, "\(log.output)")
        let exports = try FileManager.default.contentsOfDirectory(atPath: e2e.workspace.appendingPathComponent("exports").path)
        #expect(exports.contains { $0.hasPrefix("customers-") } && exports.contains { $0.hasPrefix("activity-") }, "\(exports)")
        #expect(try e2e.cli("check").status == 0)
    }

    /// User management and Provider listing under Account settings, Confirmation at the end
    /// of the new-customer wizard, and Sign in (Switch user), whose sign-out leads to signing
    /// in as the reseller, all with the arrows and Enter (and the values typed in the form).
    @Test func settingsTheWizardsConfirmationAndSignInWithArrowsAndEnter() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let walk = ActionWalk(tmux: e2e.tmux)
        try e2e.dashboard(as: Self.ana)
        try walk.tmux.waitFor("At a glance")

        // Home › ↓ × 5 to Account settings, Enter; User management is the second line.
        try walk.open("Account settings", by: ["-N", "5", "Down"], ["Enter"])
        try walk.open("Account settings › User management", by: ["Down", "Enter"])
        try walk.walk("Account settings › User management", entering: ["-N", "10", "Down"], [
            "a": .shows("[ Add user ]"),
            "/": .filtering,
        ])
        try walk.tmux.press("Escape")
        try walk.tmux.waitFor("┌ Account settings ─")
        try walk.open("Account settings › Provider listing", by: ["Down", "Enter"])
        try walk.walk("Account settings › Provider listing", entering: ["-N", "10", "Down"], [
            "n": .shows("New support request"),
            "r": .changes("No request is due yet"),
        ])

        // Indirect resellers › the last reseller › n, filled in with Enter between the fields.
        try walk.open("Indirect resellers", by: ["Left", "Up", "Up", "Up", "Up", "Enter"])
        try walk.choose("n new customer", entering: ["-N", "40", "Down"])
        try walk.tmux.press("Enter")
        try walk.tmux.waitFor("Next: Subscriptions")
        for value in ["Lumen Bakery", "lumenbakery", "Ada", "Lind", "it@lumenbakery.example", "+1 555 0100", "1 Main St", "",
                      "Toronto", "", "M5H 2N2"] {
            if !value.isEmpty { try walk.tmux.type(value) }
            try walk.tmux.press("Enter")
        }
        try walk.tmux.press("Enter", "Enter", "Enter", "Enter")   // country, culture, language, reseller as suggested
        try walk.tmux.waitFor("Next: Subscriptions")
        try walk.tmux.press("Enter")
        try walk.tmux.waitFor("Microsoft 365 Business Basic")
        try walk.tmux.press("Enter")                              // ticks it
        try walk.tmux.type("10")
        // ↓ past the last offer, through the partner of record, to Next: Review.
        for _ in 0..<40 {
            let before = try walk.tmux.screen()
            if ActionWalk.bottom(before).contains("Enter press") { break }
            try walk.tmux.press("Down")
            try walk.tmux.waitFor("↓ to move on") { $0 != before }
        }
        try walk.tmux.press("Enter")
        try walk.tmux.waitFor("[ Submit ]")
        try walk.tmux.press("Enter")
        try walk.tmux.waitFor("Temporary password")
        try walk.walk("Confirmation", entering: ["Down"], ["c": .says("Sent the admin user name and temporary password")],
                      page: { $0.contains("Temporary password") })
        try walk.tmux.press("Enter")                              // Done
        try walk.tmux.waitFor("Added Lumen Bakery")

        // Customers › ← menu › ↓ × 5 to Switch user.
        try walk.open("Sign in", by: ["Left"], ["-N", "5", "Down"], ["Enter"])
        try walk.walk("Sign in", entering: ["-N", "20", "Down"], [
            "n": .shows("Reseller enrollment"),
            "/": .filtering,
        ], skipping: ["o"])
        try walk.choose("o sign out", entering: ["-N", "20", "Down"])
        try walk.tmux.press("Enter")
        try walk.tmux.waitFor("signed out") { $0.contains("Choose who you are") && !$0.contains("Switch user") }
        // Nobody is signed in: ↓ to Mia, Enter signs in as her.
        try walk.select("mia@fabrikam", in: "Sign in")
        try walk.tmux.press("Enter")
        try walk.tmux.waitFor("Fabrikam Solutions (indirect reseller)")
        try PartnershipJourneyTests().quit(walk.tmux)

        let customers = try e2e.cli("customers", "list", "--as", Self.ana, "--json")
        #expect(customers.status == 0 && customers.output.contains("\"Lumen Bakery\""), "\(customers.output)")
        #expect(try e2e.cli("check").status == 0)
    }

    /// Indirect providers, Customers and Invitations, as the reseller.
    @Test func theResellersPagesEveryActionWithArrowsAndEnter() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let walk = ActionWalk(tmux: e2e.tmux)
        try e2e.dashboard(as: Self.mia)
        try walk.tmux.waitFor("At a glance")

        try walk.open("Indirect providers", by: ["Down", "Enter"])
        try walk.walk("Indirect providers", entering: ["-N", "10", "Down"], [
            "v": .shows("Customers · shared with Contoso Distribution"),
            "i": .shows("Draft email"),
            "x": .shows("End the partnership?"),
            "o": .shows("Open invitation link"),
            "p": .shows("Find a provider"),
            "e": .says("Exported "),
            "/": .filtering,
        ])

        try walk.open("Customers", by: ["Left", "Down", "Enter"])
        try walk.walk("Customers", entering: ["-N", "30", "Down"], [
            "R": .shows("Draft email"),
            "e": .says("Exported 13 customers to customers-"),
            "/": .filtering,
        ])

        try walk.open("Invitations", by: ["Left", "Down", "Enter"])
        try walk.walk("Invitations", entering: ["-N", "20", "Down"], ["e": .says("Exported "), "/": .filtering])
        try walk.select("owner@alpineski.example", in: "Invitations")
        try walk.walk("Invitations", entering: ["Tab"], [
            "w": .shows("Withdraw invitation?"),
            "e": .says("Exported "),
            "/": .filtering,
        ])
        try walk.choose("w withdraw", entering: ["Tab"])
        try walk.tmux.press("Enter")
        try walk.tmux.waitFor("Withdraw invitation?")
        try walk.tmux.press("Right", "Enter")
        try walk.tmux.waitFor("the invitation withdrawn") { screen in
            ActionWalk.pageLines(screen).contains { $0.contains("owner@alpineski.example") && $0.contains("Withdrawn") }
        }
        try PartnershipJourneyTests().quit(walk.tmux)

        let log = try e2e.cli("log", "--operation", "withdraw_invitation", "--as", Self.mia, "--json")
        let withdrawn = try WorkflowEndToEndTests.rows(log.output)
        #expect(withdrawn.contains { $0["resourceName"] as? String == "owner@alpineski.example" }, "\(log.output)")
        #expect(try e2e.cli("check").status == 0)
    }
}

/// Walks a page's action row in tmux: enters it, chooses each action with → (and checks
/// ← on the way back), presses Enter, waits for the action's effect, and goes back.
struct ActionWalk {
    let tmux: Tmux

    /// What doing an action must put on the screen, and the keys back to the page.
    struct Effect {
        var what: String
        var shows: (String) -> Bool
        var back: [String]

        /// A page, dialog or picker opened over the page: Esc closes it.
        static func shows(_ text: String) -> Effect {
            Effect(what: text, shows: { $0.contains(text) }, back: ["Escape"])
        }

        /// A message in the status line: nothing to close.
        static func says(_ text: String) -> Effect {
            Effect(what: text, shows: { Tmux.statusLine(of: $0).contains(text) }, back: [])
        }

        /// Something on the page itself changes: nothing to close.
        static func changes(_ text: String) -> Effect {
            Effect(what: text, shows: { $0.contains(text) }, back: [])
        }

        /// The list's filter, open for typing (the bar offers its own keys): Esc closes it.
        static var filtering: Effect {
            Effect(what: "the filter open", shows: { bottom($0).contains("Enter keep  Esc clear") }, back: ["Escape"])
        }
    }

    /// The bottom line of the screen.
    static func bottom(_ screen: String) -> String {
        screen.split(separator: "\n").last.map(String.init) ?? ""
    }

    /// The actions the row lists: `n new customer`, `/ filter` (two spaces apart).
    static func items(inRow line: String) -> [String] {
        guard line.hasPrefix(" Actions") else { return [] }
        return line.dropFirst(" Actions".count).components(separatedBy: "  ")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The page's part of each line: what follows the menu's box, or, with no menu (nobody
    /// signed in), what follows the page box's left edge.
    static func pageLines(_ screen: String) -> [String] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if let edge = line.range(of: "││", options: .backwards) { return String(line[edge.upperBound...]) }
            return line.hasPrefix("│") ? String(line.dropFirst()) : String(line)
        }
    }

    /// The list line with the selection mark.
    static func selectedLine(of screen: String) -> String? {
        pageLines(screen).first { $0.hasPrefix(" ▸") }
    }

    /// Whether the page (its title at the top of its box) is on screen with nothing over it
    /// and the action row closed.
    static func isOn(_ title: String, _ screen: String) -> Bool {
        let lines = screen.split(separator: "\n")
        return lines.count > 1 && lines[1].contains("┌ \(title) ─") && !bottom(screen).hasPrefix(" Actions")
            && !bottom(screen).contains("Esc clear") && !lines.contains { $0.contains("Enter press  ←→ choose") }
    }

    /// Opens a page with the keys (menu arrows and Enter; each group one `send-keys`, whose
    /// `-N` repeats all of it) and waits for its title.
    func open(_ title: String, by groups: [String]...) throws {
        for keys in groups { try tmux.press(keys) }
        try tmux.waitFor("the page \(title)") { Self.isOn(title, $0) }
    }

    /// ↑ or ↓ as many times as the row holding `text` is away from the selected one.
    func select(_ text: String, in title: String) throws {
        let lines = Self.pageLines(try tmux.waitFor("the page \(title)") { Self.isOn(title, $0) })
        guard let target = lines.firstIndex(where: { $0.contains(text) }), let current = lines.firstIndex(where: { $0.hasPrefix(" ▸") })
        else {
            Issue.record("no row with \(text) on \(title)")
            throw Spawn.Failure(description: "no row with \(text)")
        }
        if target != current { try tmux.press(["-N", String(abs(target - current)), target < current ? "Up" : "Down"]) }
        try tmux.waitFor("\(text) selected") { Self.selectedLine(of: $0)?.contains(text) == true }
    }

    /// Enters the page's action row with `keys` and returns what it lists.
    @discardableResult
    func enterRow(_ keys: [String]) throws -> [String] {
        try tmux.press(keys)
        // A capture can land while the line is half redrawn: the row's head over the tail of
        // the key hints it replaces (`Actions  n new request  ← menu  : jump`), whose hints
        // would be read as actions. Only a line two captures in a row agree on is read.
        var previous = ""
        let screen = try tmux.waitFor("the action row, drawn whole") { screen in
            let line = Self.bottom(screen)
            defer { previous = line }
            return line.hasPrefix(" Actions") && line == previous
        }
        return Self.items(inRow: Self.bottom(screen))
    }

    /// The action the row has chosen: the one drawn in reverse video.
    func chosen() throws -> String? {
        let out = tmux.scratch.appendingPathComponent("capture-attributes-\(tmux.socket).txt")
        try tmux.tmux(["capture-pane", "-e", "-p", "-t", "0"], stdout: out.path)
        let screen = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        let bottom = screen.split(separator: "\n").last.map(String.init) ?? ""
        // Each `ESC[…m` changes the attributes of the text after it: 7 turns reverse video
        // on, 27 or a reset (0, or nothing) off; other codes (colours) leave it.
        var reverse = false, reversed = ""
        for piece in bottom.components(separatedBy: "\u{1B}[").dropFirst() {
            guard let end = piece.firstIndex(of: "m") else { continue }
            let codes = piece[..<end].split(separator: ";", omittingEmptySubsequences: false)
            for code in codes {
                if code == "7" { reverse = true } else if code == "27" || code == "0" || code.isEmpty { reverse = false }
            }
            if reverse { reversed += piece[piece.index(after: end)...] }
        }
        let chosen = reversed.trimmingCharacters(in: .whitespaces)
        return chosen.isEmpty ? nil : chosen
    }

    func waitForChosen(_ item: String) throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while try chosen() != item {
            if ContinuousClock.now > deadline {
                Issue.record("the row never chose \(item); it chose \(String(describing: try chosen()))")
                throw Spawn.Failure(description: "the row never chose \(item)")
            }
            var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
            nanosleep(&pause, nil)
        }
    }

    /// Enters the row and moves → to `item`, checking each step.
    func choose(_ item: String, entering keys: [String]) throws {
        let items = try enterRow(keys)
        guard let index = items.firstIndex(of: item) else {
            Issue.record("\(item) is not in the row: \(items)")
            throw Spawn.Failure(description: "\(item) is not in the row")
        }
        try waitForChosen(items[0])
        for next in items.prefix(index + 1).dropFirst() {
            try tmux.press("Right")
            try waitForChosen(next)
        }
    }

    /// Every action of the row: → through them all and ← back, then each one by itself:
    /// chosen with →, done with Enter, its effect seen, and back to the page. `only` walks
    /// just those keys; `skipping` leaves some for the caller (an action that ends the page).
    func walk(_ title: String, entering keys: [String], _ effects: [String: Effect], only: Set<String>? = nil,
              skipping: Set<String> = [], page: ((String) -> Bool)? = nil) throws {
        let isBack = page ?? { Self.isOn(title, $0) }
        let items = try enterRow(keys)
        #expect(!items.isEmpty, "\(title) has actions")
        try waitForChosen(items[0])
        for item in items.dropFirst() {
            try tmux.press("Right")
            try waitForChosen(item)
        }
        for item in items.reversed().dropFirst() {
            try tmux.press("Left")
            try waitForChosen(item)
        }
        try tmux.press("Escape")
        try tmux.waitFor("\(title) after Esc leaves the row", isBack)

        let letters = items.map { String($0.prefix { $0 != " " }) }
        let unchecked = only == nil ? Set(letters).subtracting(effects.keys).subtracting(skipping) : []
        #expect(unchecked.isEmpty, "\(title): no check for \(unchecked.sorted()) in \(items)")
        for (item, letter) in zip(items, letters) where (only?.contains(letter) ?? true) && !skipping.contains(letter) {
            guard let effect = effects[letter] else { continue }
            try choose(item, entering: keys)
            try tmux.press("Enter")
            try tmux.waitFor("\(title): \(item) shows \(effect.what)", effect.shows)
            if !effect.back.isEmpty { try tmux.press(effect.back) }
            try tmux.waitFor("\(title) again after \(item)", isBack)
        }
    }
}
