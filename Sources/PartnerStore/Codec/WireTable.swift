/// The numbers one enum is stored as, named once: writing and reading both look the
/// case or the number up here, so the two directions cannot disagree. Built from
/// (case, number) pairs; `problems` refuses a case listed twice, a number given twice,
/// a case without a number and the number 0 (kept free so that zero-filled bytes never
/// read as a value). `WireNumbers` builds every table together and stops the program
/// if any has a problem, and `WireNumberTests` pins each number.
struct WireTable<Value: CaseIterable & Equatable & Sendable>: Sendable {
    /// What the number means, for the error on an unknown number ("account kind").
    let what: String
    /// The table as written, in its order.
    let pairs: [(value: Value, number: UInt8)]
    /// Indexed by number: the case, or nil for a number no case has.
    private let byNumber: [Value?]

    init(_ what: String, _ pairs: [(Value, UInt8)]) {
        let problems = Self.problems(what, pairs)
        precondition(problems.isEmpty, "wire numbers: " + problems.joined(separator: "; "))
        self.what = what
        self.pairs = pairs.map { (value: $0.0, number: $0.1) }
        var byNumber = [Value?](repeating: nil, count: 256)
        for (value, number) in pairs { byNumber[Int(number)] = value }
        self.byNumber = byNumber
    }

    /// Everything wrong with a table (empty when it is sound), one sentence each.
    static func problems(_ what: String, _ pairs: [(Value, UInt8)]) -> [String] {
        var problems: [String] = []
        var seen: [(Value, UInt8)] = []
        for (value, number) in pairs {
            if number == 0 { problems.append("\(what) \(value) has number 0, which is kept free") }
            if let earlier = seen.first(where: { $0.0 == value }) {
                problems.append("\(what) \(value) is listed twice (\(earlier.1) and \(number))")
            }
            if let earlier = seen.first(where: { $0.1 == number }) {
                problems.append("\(what) number \(number) is given to both \(earlier.0) and \(value)")
            }
            seen.append((value, number))
        }
        for value in Value.allCases where !pairs.contains(where: { $0.0 == value }) {
            problems.append("\(what) \(value) has no number")
        }
        return problems
    }

    @inline(__always) func number(of value: Value) -> UInt8 {
        for pair in pairs where pair.value == value { return pair.number }
        preconditionFailure("\(what) \(value) has no number")   // `init` proved every case has one
    }

    /// The case stored as `number`, or nil if no case is.
    @inline(__always) func value(of number: UInt8) -> Value? {
        byNumber[Int(number)]
    }

    @inline(__always) func write(_ value: Value, _ w: inout BinaryWriter) {
        w.writeUInt8(number(of: value))
    }

    /// Reads one number; one no case has is `StoreError.malformed` ("9 is not a known account kind").
    @inline(__always) func read(_ r: inout BinaryReader) throws -> Value {
        let number = try r.readUInt8()
        guard let value = byNumber[Int(number)] else { throw ModelCodec.invalidCode(what, number, r) }
        return value
    }
}

/// A set of flags stored as one byte, each flag's bit named once; both directions use
/// the table. `problems` refuses a bit that is not exactly one bit, a bit or flag listed
/// twice and a flag without a bit. A byte with a bit no flag has is an error when read.
struct WireFlags<Flag: CaseIterable & Hashable & Sendable>: Sendable {
    let what: String
    let bits: [(flag: Flag, bit: UInt8)]
    /// Every bit some flag has.
    let known: UInt8

    init(_ what: String, _ bits: [(Flag, UInt8)]) {
        let problems = Self.problems(what, bits)
        precondition(problems.isEmpty, "wire numbers: " + problems.joined(separator: "; "))
        self.what = what
        self.bits = bits.map { (flag: $0.0, bit: $0.1) }
        known = bits.reduce(0) { $0 | $1.1 }
    }

    static func problems(_ what: String, _ bits: [(Flag, UInt8)]) -> [String] {
        var problems: [String] = []
        var seen: [(Flag, UInt8)] = []
        for (flag, bit) in bits {
            if bit.nonzeroBitCount != 1 { problems.append("\(what): \(flag) has \(bit), which is not a single bit") }
            if let earlier = seen.first(where: { $0.0 == flag }) {
                problems.append("\(what): \(flag) is listed twice (\(earlier.1) and \(bit))")
            }
            if let earlier = seen.first(where: { $0.1 == bit }) {
                problems.append("\(what): bit \(bit) is given to both \(earlier.0) and \(flag)")
            }
            seen.append((flag, bit))
        }
        for flag in Flag.allCases where !bits.contains(where: { $0.0 == flag }) {
            problems.append("\(what): \(flag) has no bit")
        }
        return problems
    }

    func byte(of flags: Set<Flag>) -> UInt8 {
        var byte: UInt8 = 0
        for (flag, bit) in bits where flags.contains(flag) { byte |= bit }
        return byte
    }

    /// The flags in `byte`, or nil if it has a bit no flag has.
    func flags(of byte: UInt8) -> Set<Flag>? {
        guard byte & ~known == 0 else { return nil }
        var flags = Set<Flag>(minimumCapacity: bits.count)
        for (flag, bit) in bits where byte & bit != 0 { flags.insert(flag) }
        return flags
    }

    func write(_ flags: Set<Flag>, _ w: inout BinaryWriter) {
        w.writeUInt8(byte(of: flags))
    }

    func read(_ r: inout BinaryReader) throws -> Set<Flag> {
        let byte = try r.readUInt8()
        guard let flags = flags(of: byte) else { throw ModelCodec.invalidCode(what, byte, r) }
        return flags
    }
}
