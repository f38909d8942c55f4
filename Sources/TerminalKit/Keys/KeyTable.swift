/// One key-action table as the configuration sees it: its section, its actions and the
/// keys they have by default. The program's tables together say which action ids exist,
/// and which keys a rebinding would take from another action.
public struct KeyTable: Hashable, Sendable {
    public struct Action: Hashable, Sendable {
        public let name: String
        public var keys: [KeyEvent]
    }

    public let section: String
    public let actions: [Action]
    /// False beside a text input: a printable key there would be typed, never an action.
    public let allowsCharacters: Bool

    public var id: String { KeyOverrides.tableID(section) }

    /// Tables of one section as one (a page may split its keys over several keymaps,
    /// all shown under one heading, so a key may be bound once among them).
    static func merged(_ tables: [KeyTable]) -> [KeyTable] {
        var order: [String] = []
        var bySection: [String: KeyTable] = [:]
        for table in tables {
            guard let existing = bySection[table.id] else {
                order.append(table.id)
                bySection[table.id] = table
                continue
            }
            var actions = existing.actions
            for action in table.actions {
                if let index = actions.firstIndex(where: { $0.name == action.name }) {
                    actions[index].keys += action.keys.filter { !actions[index].keys.contains($0) }
                } else {
                    actions.append(action)
                }
            }
            bySection[table.id] = KeyTable(section: existing.section, actions: actions,
                                           allowsCharacters: existing.allowsCharacters || table.allowsCharacters)
        }
        return order.compactMap { bySection[$0] }
    }
}

/// A program's key tables and the ready presets (`keys.preset`) over them.
public struct KeyCatalog: Sendable {
    public let tables: [KeyTable]
    public let presets: [String: [KeyAssignment]]

    public init(tables: [KeyTable], presets: [String: [KeyAssignment]]) {
        self.tables = tables
        self.presets = presets
    }
}

/// One `action = key(s)` line of the configuration, before it is checked.
public struct KeyAssignment: Hashable, Sendable {
    public let action: String
    public let keys: [String]
    /// Where it was written, for the message; nil for a preset's.
    public let line: Int?

    public init(action: String, keys: [String], line: Int?) {
        self.action = action
        self.keys = keys
        self.line = line
    }
}

/// Why a key assignment was refused: the action id at fault (the field), the rule, and
/// the line it came from.
public struct KeyAssignmentError: Error, Hashable, Sendable {
    public let action: String
    public let message: String
    public let line: Int?
}

public extension KeyOverrides {
    /// Checks assignments (a preset's, then the file's, which win) against the program's
    /// tables: an action id they do not have, a key name `KeyName` does not read, a
    /// printable key for a table beside a text input, and a key bound twice (to two
    /// actions of one table that were not sharing it already) are refused.
    static func checked(_ assignments: [KeyAssignment], tables: [KeyTable]) throws(KeyAssignmentError) -> KeyOverrides {
        var chosen: [String: (keys: [KeyEvent], line: Int?)] = [:]
        for assignment in assignments {
            let bound = try keys(of: assignment, tables: tables)
            chosen[assignment.action] = (bound, assignment.line)
        }
        for table in KeyTable.merged(tables) {
            try checkNoKeyBoundTwice(in: table, chosen: chosen)
        }
        return KeyOverrides(chosen.mapValues(\.keys))
    }

    private static func keys(of assignment: KeyAssignment, tables: [KeyTable]) throws(KeyAssignmentError) -> [KeyEvent] {
        func refuse(_ message: String) -> KeyAssignmentError {
            KeyAssignmentError(action: assignment.action, message: message, line: assignment.line)
        }
        let owners = tables.filter { table in table.actions.contains { "\(table.id).\($0.name)" == assignment.action } }
        guard !owners.isEmpty else {
            throw refuse("is not an action (`partnerdash config show` lists them, as table.action)")
        }
        guard !assignment.keys.isEmpty else { throw refuse("needs at least one key") }
        var keys: [KeyEvent] = []
        for name in assignment.keys {
            guard let key = KeyName.key(name) else {
                throw refuse("\"\(name)\" is not a key name (one character, or Enter, Esc, Space, Tab, Shift-Tab, Backspace, Del, "
                    + "Up, Down, Left, Right, PgUp, PgDn, Home, End, F1–F12, Ctrl-A…Ctrl-Z)")
            }
            if key.isPrintable, owners.allSatisfy({ !$0.allowsCharacters }) {
                throw refuse("\"\(name)\" would be typed here, not start the action; choose a key that is not a character")
            }
            guard !keys.contains(key) else { throw refuse("names \(key.label) twice") }
            keys.append(key)
        }
        return keys
    }

    /// A key the configuration gives one action of `table` that another action of it
    /// already has (its own default, or given by the configuration too).
    private static func checkNoKeyBoundTwice(in table: KeyTable, chosen: [String: (keys: [KeyEvent], line: Int?)]) throws(KeyAssignmentError) {
        for action in table.actions {
            let id = "\(table.id).\(action.name)"
            guard let (keys, line) = chosen[id] else { continue }
            for key in keys where !action.keys.contains(key) {
                for other in table.actions where other.name != action.name {
                    let otherKeys = chosen["\(table.id).\(other.name)"]?.keys ?? other.keys
                    if otherKeys.contains(key) {
                        throw KeyAssignmentError(action: id, message: "\(key.label) is bound twice: \(table.id).\(other.name) has it too", line: line)
                    }
                }
            }
        }
    }
}
