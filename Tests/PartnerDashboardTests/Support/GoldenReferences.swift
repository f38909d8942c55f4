import Foundation

/// Which golden files the tests use, read from the test sources themselves: every
/// `Golden.check(grid, name)` call, with its name worked out the way the test builds it.
/// A name may be a literal (`"help-80x24"`) or interpolate
/// - a loop's variable: `for size in [TerminalSize.minimum, Self.wide]` then
///   `"acct-activity-\(size.cols)x\(size.rows)"`, or `for (name, user) in [("pending", …), …]`;
/// - a parameter of the test (`@Test(arguments: [TerminalSize.minimum, …])`);
/// - a local constant (`let name = "\(size.cols)x\(size.rows)"`);
/// - a parameter of a helper in the same file (`func golden(_ name: String, …)`), which
///   then stands for every literal its calls pass (`golden("settings") { … }`).
/// Sizes are `TerminalSize.minimum`, `TerminalSize(rows:cols:)` and static constants of
/// those. Anything else is reported as `unresolved` with its file and line, so a name the
/// scanner cannot follow fails the audit instead of hiding an orphan.
struct GoldenReferences {
    struct Location: Hashable, CustomStringConvertible {
        var file: String
        var line: Int
        var description: String { "\(file):\(line)" }
    }

    /// Every golden name the tests use (without ".txt"), with where.
    var names: [String: [Location]] = [:]
    /// Calls whose name could not be worked out, each with the reason.
    var unresolved: [String] = []

    /// `minimum` is `TerminalSize.minimum` as (cols, rows).
    init(sources: [(path: String, text: String)], minimum: (cols: Int, rows: Int)) {
        for (path, text) in sources {
            let source = SwiftSource(path: path, text: text, minimum: minimum)
            for call in source.goldenCalls() {
                let location = Location(file: (path as NSString).lastPathComponent, line: source.line(of: call))
                do {
                    for name in try source.goldenNames(callAt: call) {
                        names[name, default: []].append(location)
                    }
                } catch let error as SwiftSource.Unresolved {
                    unresolved.append("\(location): \(error.reason)")
                } catch {
                    unresolved.append("\(location): \(error)")
                }
            }
        }
    }

    /// Reads every `.swift` file under `testsDirectory`.
    init(testsDirectory: URL, minimum: (cols: Int, rows: Int)) throws {
        var sources: [(path: String, text: String)] = []
        let files = FileManager.default.enumerator(at: testsDirectory, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            sources.append((url.path, try String(contentsOf: url, encoding: .utf8)))
        }
        self.init(sources: sources.sorted { $0.path < $1.path }, minimum: minimum)
    }
}

/// What the golden directory and the tests disagree on.
struct GoldenAudit: Equatable {
    /// Golden files no test uses (names without ".txt").
    var orphans: [String]
    /// Names tests use that have no file.
    var missing: [String]
    /// Golden calls whose name could not be worked out.
    var unresolved: [String]

    var isClean: Bool { orphans.isEmpty && missing.isEmpty && unresolved.isEmpty }

    init(goldenFiles: [String], references: GoldenReferences) {
        let files = Set(goldenFiles)
        orphans = files.subtracting(references.names.keys).sorted()
        missing = Set(references.names.keys).subtracting(files).sorted().map { name in
            "\(name) (used at \(references.names[name, default: []].map(\.description).joined(separator: ", ")))"
        }
        unresolved = references.unresolved
    }

    /// The `.txt` files in `goldenDirectory` against the calls in the sources under `testsDirectory`.
    init(goldenDirectory: URL, testsDirectory: URL, minimum: (cols: Int, rows: Int)) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: goldenDirectory.path)
            .filter { $0.hasSuffix(".txt") }
            .map { String($0.dropLast(4)) }
        self.init(goldenFiles: files, references: try GoldenReferences(testsDirectory: testsDirectory, minimum: minimum))
    }
}

/// Just enough of Swift's syntax to follow golden names: where code is (not comments or
/// string literals), brackets, arguments, string literals with interpolations.
struct SwiftSource {
    struct Unresolved: Error {
        var reason: String
    }

    enum Value: Hashable {
        case text(String)
        case size(cols: Int, rows: Int)
        case tuple([Range<Int>])   // where each element is, evaluated only when needed
    }

    let path: String
    let bytes: [UInt8]
    let minimum: (cols: Int, rows: Int)
    /// True where the byte is code: not in a comment, not in a string literal.
    private let isCode: [Bool]
    /// For each bracket in code, where its partner is (-1 elsewhere, or if unbalanced).
    private let partner: [Int]
    /// Every `func`: the keyword, its body's `{` and `}`.
    private var functions: [(func: Int, open: Int, close: Int)] = []

    init(path: String, text: String, minimum: (cols: Int, rows: Int)) {
        self.path = path
        self.minimum = minimum
        bytes = Array(text.utf8)
        var isCode = [Bool](repeating: true, count: bytes.count)
        var i = 0
        while i < bytes.count {
            let end = Self.skipNonCode(bytes, at: i)
            if end > i {
                for j in i..<end { isCode[j] = false }
                i = end
            } else {
                i += 1
            }
        }
        self.isCode = isCode
        var partner = [Int](repeating: -1, count: bytes.count)
        var stack: [Int] = []
        for k in bytes.indices where isCode[k] {
            switch bytes[k] {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): stack.append(k)
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                if let open = stack.popLast() {
                    partner[open] = k
                    partner[k] = open
                }
            default: break
            }
        }
        self.partner = partner
        functions = occurrences(of: "func").compactMap { offset in
            var k = offset
            while k < bytes.count {
                if isCode[k] {
                    if bytes[k] == UInt8(ascii: "(") || bytes[k] == UInt8(ascii: "["), partner[k] > k {
                        k = partner[k] + 1
                        continue
                    }
                    if bytes[k] == UInt8(ascii: "{") { return partner[k] > k ? (offset, k, partner[k]) : nil }
                    if bytes[k] == UInt8(ascii: "}") { return nil }   // a requirement without a body
                }
                k += 1
            }
            return nil
        }
    }

    func line(of offset: Int) -> Int {
        bytes[..<min(offset, bytes.count)].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    // MARK: Lexing

    /// If a comment or string literal starts at `i`, the index after it; else `i`.
    private static func skipNonCode(_ b: [UInt8], at i: Int) -> Int {
        func at(_ k: Int) -> UInt8 { k < b.count ? b[k] : 0 }
        if at(i) == UInt8(ascii: "/"), at(i + 1) == UInt8(ascii: "/") {
            var k = i
            while k < b.count, b[k] != UInt8(ascii: "\n") { k += 1 }
            return k
        }
        if at(i) == UInt8(ascii: "/"), at(i + 1) == UInt8(ascii: "*") {
            var depth = 0, k = i
            while k < b.count {
                if at(k) == UInt8(ascii: "/"), at(k + 1) == UInt8(ascii: "*") { depth += 1; k += 2; continue }
                if at(k) == UInt8(ascii: "*"), at(k + 1) == UInt8(ascii: "/") {
                    depth -= 1; k += 2
                    if depth == 0 { return k }
                    continue
                }
                k += 1
            }
            return k
        }
        var hashes = 0
        while at(i + hashes) == UInt8(ascii: "#") { hashes += 1 }
        guard at(i + hashes) == UInt8(ascii: "\"") else { return i }
        // A `#` before an identifier (#filePath) is not a raw string; `"` after `#`s is.
        return skipString(b, from: i, hashes: hashes)
    }

    /// The index after the string literal starting at `start` (its `#`s included).
    private static func skipString(_ b: [UInt8], from start: Int, hashes: Int) -> Int {
        func at(_ k: Int) -> UInt8 { k < b.count ? b[k] : 0 }
        func closes(_ k: Int, quotes: Int) -> Bool {
            for q in 0..<quotes where at(k + q) != UInt8(ascii: "\"") { return false }
            for h in 0..<hashes where at(k + quotes + h) != UInt8(ascii: "#") { return false }
            return true
        }
        var k = start + hashes
        let multiline = at(k) == UInt8(ascii: "\"") && at(k + 1) == UInt8(ascii: "\"") && at(k + 2) == UInt8(ascii: "\"")
        let quotes = multiline ? 3 : 1
        k += quotes
        while k < b.count {
            if closes(k, quotes: quotes) { return k + quotes + hashes }
            if at(k) == UInt8(ascii: "\\"), (0..<hashes).allSatisfy({ at(k + 1 + $0) == UInt8(ascii: "#") }) {
                let after = k + 1 + hashes
                if at(after) == UInt8(ascii: "(") {
                    k = skipInterpolation(b, open: after)
                } else {
                    k = after + 1
                }
                continue
            }
            if !multiline, at(k) == UInt8(ascii: "\n") { return k }   // unterminated: stop at the line's end
            k += 1
        }
        return k
    }

    /// The index after the `)` that closes the interpolation opened at `open`.
    private static func skipInterpolation(_ b: [UInt8], open: Int) -> Int {
        var depth = 0, k = open
        while k < b.count {
            let end = skipNonCode(b, at: k)
            if end > k { k = end; continue }
            if b[k] == UInt8(ascii: "(") { depth += 1 }
            if b[k] == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return k + 1 }
            }
            k += 1
        }
        return k
    }

    // MARK: Searching code

    private func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    private func isIdentifier(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }

    /// Offsets in `range` where `word` appears as code, not inside a longer identifier.
    private func occurrences(of word: String, in range: Range<Int>? = nil) -> [Int] {
        let needle = Array(word.utf8)
        let range = range ?? 0..<bytes.count
        var found: [Int] = []
        var i = range.lowerBound
        while i + needle.count <= range.upperBound {
            if isCode[i], bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle),
               i == 0 || !isIdentifier(bytes[i - 1]),
               !isIdentifier(needle[needle.count - 1]) || i + needle.count >= bytes.count || !isIdentifier(bytes[i + needle.count]) {
                found.append(i)
            }
            i += 1
        }
        return found
    }

    private func skipSpaces(_ i: Int) -> Int {
        var k = i
        while k < bytes.count, bytes[k] == UInt8(ascii: " ") || bytes[k] == UInt8(ascii: "\n") || bytes[k] == UInt8(ascii: "\t") { k += 1 }
        return k
    }

    /// The index of the bracket that closes the one at `open` (brackets in code only).
    private func closing(_ open: Int) -> Int? {
        open < partner.count && partner[open] > open ? partner[open] : nil
    }

    /// The ranges between top-level commas inside the brackets opened at `open`, trimmed.
    private func elements(open: Int) -> [Range<Int>] {
        guard let close = closing(open) else { return [] }
        var parts: [Range<Int>] = []
        var depth = 0, start = open + 1
        for k in (open + 1)..<close where isCode[k] {
            switch bytes[k] {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: ",") where depth == 0:
                parts.append(trimmed(start..<k))
                start = k + 1
            default: break
            }
        }
        let last = trimmed(start..<close)
        if !last.isEmpty { parts.append(last) }
        return parts
    }

    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        let space: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t")]
        while lower < upper, space.contains(bytes[lower]) { lower += 1 }
        while upper > lower, space.contains(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// An argument split into its label (if any) and its expression.
    private func argument(_ range: Range<Int>) -> (label: String?, value: Range<Int>) {
        var k = range.lowerBound
        while k < range.upperBound, isIdentifier(bytes[k]) { k += 1 }
        let colon = skipSpaces(k)
        if k > range.lowerBound, colon < range.upperBound, bytes[colon] == UInt8(ascii: ":"), isCode[colon] {
            return (text(range.lowerBound..<k), trimmed((colon + 1)..<range.upperBound))
        }
        return (nil, range)
    }

    // MARK: Golden calls

    /// Offsets of every `Golden.check(` in code.
    func goldenCalls() -> [Int] {
        occurrences(of: "Golden.check(")
    }

    /// The names the call at `call` checks.
    func goldenNames(callAt call: Int) throws -> [String] {
        let open = call + "Golden.check".utf8.count
        let arguments = elements(open: open)
        guard arguments.count >= 2 else { throw Unresolved(reason: "Golden.check without a name") }
        return try strings(argument(arguments[1]).value, at: call)
    }

    /// An expression that must give text: its every possible value.
    private func strings(_ range: Range<Int>, at position: Int) throws -> [String] {
        try evaluate(range, at: position).map { value in
            guard case let .text(string) = value else { throw Unresolved(reason: "`\(text(range))` is not text") }
            return string
        }
    }

    // MARK: Evaluating

    private func evaluate(_ range: Range<Int>, at position: Int) throws -> [Value] {
        let expression = text(range)
        guard !range.isEmpty else { throw Unresolved(reason: "an empty expression") }
        if bytes[range.lowerBound] == UInt8(ascii: "\"") || bytes[range.lowerBound] == UInt8(ascii: "#") {
            return try template(range, at: position).map(Value.text)
        }
        if expression == "TerminalSize.minimum" || expression == ".minimum" {
            return [.size(cols: minimum.cols, rows: minimum.rows)]
        }
        if expression.hasPrefix("TerminalSize("), closing(range.lowerBound + 12) == range.upperBound - 1 {
            var cols: Int?, rows: Int?
            for part in elements(open: range.lowerBound + 12) {
                let (label, value) = argument(part)
                if label == "cols" { cols = Int(text(value)) }
                if label == "rows" { rows = Int(text(value)) }
            }
            guard let cols, let rows else { throw Unresolved(reason: "`\(expression)` is not a size the scanner reads") }
            return [.size(cols: cols, rows: rows)]
        }
        if bytes[range.lowerBound] == UInt8(ascii: "("), closing(range.lowerBound) == range.upperBound - 1 {
            return [.tuple(elements(open: range.lowerBound))]
        }
        if let member = staticMember(expression) {
            return try resolveStatic(member, from: position)
        }
        if expression.utf8.allSatisfy(isIdentifier) {
            return try resolve(expression, at: position)
        }
        throw Unresolved(reason: "`\(expression)` is not something the golden scanner can follow")
    }

    /// `Self.wide` or `Type.wide` → "wide".
    private func staticMember(_ expression: String) -> String? {
        let parts = expression.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = parts[0].first, first.isUppercase,
              parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isIdentifier) }) else { return nil }
        return String(parts[1])
    }

    /// `static let name = …` in this file.
    private func resolveStatic(_ name: String, from position: Int) throws -> [Value] {
        for offset in occurrences(of: "static let") {
            let nameStart = skipSpaces(offset + "static let".utf8.count)
            guard let (found, value) = binding(at: nameStart), found == name else { continue }
            return try evaluateOneOrArray(value, at: offset)
        }
        throw Unresolved(reason: "no `static let \(name)` in this file")
    }

    /// An array literal gives its elements; anything else gives itself.
    private func evaluateOneOrArray(_ range: Range<Int>, at position: Int) throws -> [Value] {
        if bytes[range.lowerBound] == UInt8(ascii: "["), closing(range.lowerBound) == range.upperBound - 1 {
            return try elements(open: range.lowerBound).flatMap { try evaluate($0, at: position) }
        }
        return try evaluate(range, at: position)
    }

    /// `name = value` (up to the end of the line) starting at `start`.
    private func binding(at start: Int) -> (String, Range<Int>)? {
        var k = start
        while k < bytes.count, isIdentifier(bytes[k]) { k += 1 }
        let name = text(start..<k)
        var equals = skipSpaces(k)
        if equals < bytes.count, bytes[equals] == UInt8(ascii: ":") {   // a type annotation
            while equals < bytes.count, bytes[equals] != UInt8(ascii: "=") , bytes[equals] != UInt8(ascii: "\n") { equals += 1 }
        }
        guard !name.isEmpty, equals < bytes.count, bytes[equals] == UInt8(ascii: "=") else { return nil }
        let valueStart = skipSpaces(equals + 1)
        var end = valueStart
        while end < bytes.count {
            if isCode[end], bytes[end] == UInt8(ascii: "\n") { break }
            if isCode[end], [UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{")].contains(bytes[end]), let close = closing(end) {
                end = close + 1
                continue
            }
            end += 1
        }
        return (name, trimmed(valueStart..<end))
    }

    /// A `"…"` literal with its interpolations filled in every way they can be.
    private func template(_ range: Range<Int>, at position: Int) throws -> [String] {
        guard Self.skipNonCode(bytes, at: range.lowerBound) == range.upperBound else {
            throw Unresolved(reason: "`\(text(range))` is not one string literal")
        }
        var hashes = 0
        while bytes[range.lowerBound + hashes] == UInt8(ascii: "#") { hashes += 1 }
        let open = range.lowerBound + hashes
        let quotes = text(open..<min(open + 3, range.upperBound)) == "\"\"\"" ? 3 : 1
        var k = open + quotes
        let end = range.upperBound - quotes - hashes
        guard end >= k else { throw Unresolved(reason: "`\(text(range))` is not one string literal") }
        enum Part { case text(String), size(String), variable(String) }
        var parts: [Part] = []
        var literal: [UInt8] = []
        while k < end {
            if bytes[k] == UInt8(ascii: "\\"), (0..<hashes).allSatisfy({ bytes[k + 1 + $0] == UInt8(ascii: "#") }) {
                let after = k + 1 + hashes
                if bytes[after] == UInt8(ascii: "(") {
                    let close = Self.skipInterpolation(bytes, open: after) - 1
                    let inside = text(trimmed((after + 1)..<close))
                    parts.append(.text(String(decoding: literal, as: UTF8.self)))
                    literal = []
                    if inside.hasSuffix(".cols") || inside.hasSuffix(".rows") {
                        parts.append(.size(inside))
                    } else {
                        parts.append(.variable(inside))
                    }
                    k = close + 1
                    continue
                }
                throw Unresolved(reason: "an escape in `\(text(range))`; golden names are plain")
            }
            literal.append(bytes[k])
            k += 1
        }
        parts.append(.text(String(decoding: literal, as: UTF8.self)))
        // Every variable is bound once for the whole name, so `\(size.cols)x\(size.rows)` stays one size.
        var variables: [String] = []
        for part in parts {
            let name: String
            switch part {
            case .text: continue
            case let .size(member): name = String(member.dropLast(5))
            case let .variable(variable): name = variable
            }
            if !variables.contains(name) { variables.append(name) }
        }
        var environments: [[String: Value]] = [[:]]
        for variable in variables {
            guard variable.utf8.allSatisfy(isIdentifier) else {
                throw Unresolved(reason: "`\\(\(variable))` in a golden name; use a variable, a size's cols and rows, or a literal")
            }
            let values = try resolve(variable, at: position)
            environments = environments.flatMap { environment in
                values.map { environment.merging([variable: $0]) { $1 } }
            }
        }
        return try environments.map { environment in
            try parts.map { part -> String in
                switch part {
                case let .text(string): return string
                case let .size(member):
                    guard case let .size(cols, rows)? = environment[String(member.dropLast(5))] else {
                        throw Unresolved(reason: "`\(member)` is not the cols or rows of a size")
                    }
                    return member.hasSuffix(".cols") ? "\(cols)" : "\(rows)"
                case let .variable(variable):
                    switch environment[variable] {
                    case let .text(string)?: return string
                    case let .size(cols, rows)?: throw Unresolved(reason: "`\\(\(variable))` is a size (\(cols)x\(rows)); use its cols and rows")
                    default: throw Unresolved(reason: "`\\(\(variable))` has no value")
                    }
                }
            }.joined()
        }
    }

    // MARK: Variables

    /// The function bodies (from `func` to its closing brace) that contain `position`, innermost last.
    private func enclosingFunctions(_ position: Int) -> [(func: Int, open: Int, close: Int)] {
        functions.filter { $0.open < position && position < $0.close }
    }

    /// Every value `name` can have where it is used at `position`.
    private func resolve(_ name: String, at position: Int) throws -> [Value] {
        guard let function = enclosingFunctions(position).last else {
            throw Unresolved(reason: "`\(name)` is used outside a function")
        }
        let body = function.open..<position
        // The nearest `for … in` or `let`/`var` before the use, inside the same function.
        var best: (offset: Int, values: () throws -> [Value])?
        for offset in occurrences(of: "for", in: body) where offset + 3 < bytes.count && bytes[offset + 3] == UInt8(ascii: " ") {
            let patternStart = skipSpaces(offset + 3)
            guard let inOffset = occurrences(of: "in", in: patternStart..<position).first else { continue }
            let pattern = text(trimmed(patternStart..<inOffset))
            let names = pattern.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let index = names.firstIndex(of: name) else { continue }
            // The loop's body must contain the use.
            var braceSearch = skipSpaces(inOffset + 2)
            var loopOpen: Int?
            while braceSearch < position {
                if isCode[braceSearch] {
                    if [UInt8(ascii: "("), UInt8(ascii: "[")].contains(bytes[braceSearch]), let close = closing(braceSearch) {
                        braceSearch = close + 1
                        continue
                    }
                    if bytes[braceSearch] == UInt8(ascii: "{") { loopOpen = braceSearch; break }
                }
                braceSearch += 1
            }
            guard let loopOpen, let loopClose = closing(loopOpen), position < loopClose else { continue }
            let sequence = trimmed(skipSpaces(inOffset + 2)..<loopOpen)
            let tupled = names.count > 1
            if best == nil || offset > best!.offset {
                best = (offset, {
                    let elements = try self.sequenceElements(sequence, at: offset)
                    guard tupled else { return elements }
                    return try elements.flatMap { element -> [Value] in
                        guard case let .tuple(parts) = element, index < parts.count else {
                            throw Unresolved(reason: "`\(name)` comes from a loop over something other than tuples")
                        }
                        return try self.evaluate(parts[index], at: offset)
                    }
                })
            }
        }
        for keyword in ["let", "var"] {
            for offset in occurrences(of: keyword, in: body) {
                guard let (found, value) = binding(at: skipSpaces(offset + keyword.utf8.count)), found == name,
                      value.upperBound <= position else { continue }
                if best == nil || offset > best!.offset {
                    best = (offset, { try self.evaluate(value, at: offset) })
                }
            }
        }
        if let best { return try best.values() }
        return try parameter(name, of: function)
    }

    /// The elements of the sequence a `for` loop or `@Test(arguments:)` goes over.
    private func sequenceElements(_ range: Range<Int>, at position: Int) throws -> [Value] {
        guard !range.isEmpty else { throw Unresolved(reason: "an empty sequence") }
        if bytes[range.lowerBound] == UInt8(ascii: "[") {
            return try elements(open: range.lowerBound).flatMap { try evaluate($0, at: position) }
        }
        if let member = staticMember(text(range)) {
            return try resolveStatic(member, from: position)
        }
        throw Unresolved(reason: "`\(text(range))` is not an array literal or a static constant")
    }

    /// A parameter of the function `function`: the `@Test(arguments:)` before it, or what its calls pass.
    private func parameter(_ name: String, of function: (func: Int, open: Int, close: Int)) throws -> [Value] {
        let nameStart = skipSpaces(function.func + 4)
        var k = nameStart
        while k < bytes.count, isIdentifier(bytes[k]) { k += 1 }
        let functionName = text(nameStart..<k)
        guard let signatureOpen = (k..<function.open).first(where: { isCode[$0] && bytes[$0] == UInt8(ascii: "(") }) else {
            throw Unresolved(reason: "`\(name)` is not a loop variable, constant or parameter of \(functionName)")
        }
        // (external label, internal name, default)
        var parameters: [(label: String?, name: String, defaultValue: Range<Int>?)] = []
        for part in elements(open: signatureOpen) {
            let colon = (part).first { isCode[$0] && bytes[$0] == UInt8(ascii: ":") } ?? part.upperBound
            let words = text(part.lowerBound..<colon).split(separator: " ").map(String.init)
            let defaultStart = (colon..<part.upperBound).first { isCode[$0] && bytes[$0] == UInt8(ascii: "=") }
            let defaultValue = defaultStart.map { trimmed(($0 + 1)..<part.upperBound) }
            if words.count == 2 {
                parameters.append((words[0] == "_" ? nil : words[0], words[1], defaultValue))
            } else if let only = words.first {
                parameters.append((only, only, defaultValue))
            }
        }
        guard let index = parameters.firstIndex(where: { $0.name == name }) else {
            throw Unresolved(reason: "`\(name)` is not a loop variable, constant or parameter of \(functionName)")
        }
        let wanted = parameters[index]

        // `@Test(arguments: [...])` right before the function.
        if let attribute = occurrences(of: "@Test(arguments:", in: max(0, function.func - 2_000)..<function.func).last,
           let attributeClose = closing(attribute + 5),
           !(attributeClose..<function.func).contains(where: { isCode[$0] && bytes[$0] == UInt8(ascii: "}") }),
           let arguments = elements(open: attribute + 5).first {
            return try sequenceElements(argument(arguments).value, at: attribute)
        }

        // A helper: every call in this file.
        let unlabeledIndex = parameters[..<index].filter { $0.label == nil }.count
        var values: [Value] = []
        var calls = 0
        for call in occurrences(of: functionName + "(") where call != nameStart {
            let argumentList = elements(open: call + functionName.utf8.count).map(argument)
            calls += 1
            let passed: Range<Int>?
            if let label = wanted.label {
                passed = argumentList.first { $0.label == label }?.value
            } else {
                let unlabeled = argumentList.filter { $0.label == nil }
                passed = unlabeledIndex < unlabeled.count ? unlabeled[unlabeledIndex].value : nil
            }
            if let passed {
                values += try evaluate(passed, at: call)
            } else if let defaultValue = wanted.defaultValue {
                values += try evaluate(defaultValue, at: function.func)
            } else {
                throw Unresolved(reason: "a call of \(functionName) at line \(line(of: call)) passes no `\(name)`")
            }
        }
        guard calls > 0 else { throw Unresolved(reason: "\(functionName) is never called in this file, so `\(name)` has no value") }
        return values
    }
}
