import ArgumentParser
import Foundation
import PartnerCore
import PartnerWorkspace

/// Shell completions drawn from the workspace the line being completed works on (its
/// `--data` and `--as`, else the environment's), so `--as <TAB>` offers that workspace's
/// users. A workspace that cannot be opened offers nothing: completion never prints errors.
enum WorkspaceCompletion {
    /// Everyone who can sign in, as Sign in lists them.
    static let users = CompletionKind.custom { words, _, _ in
        names(for: words) { workspace, _ in
            workspace.model.users.values.filter(workspace.maySignIn).map(\.userPrincipalName)
        }
    }

    /// The indirect resellers the signed-in account may name.
    static let resellers = CompletionKind.custom { words, _, _ in
        names(for: words) { workspace, session in
            _ = try session.signIn(workspace)
            return workspace.model.accounts.values.filter { $0.kind == .indirectReseller }.map(\.legalName)
        }
    }

    /// The customers the signed-in account sees.
    static let customers = CompletionKind.custom { words, _, _ in
        names(for: words) { workspace, session in
            let me = try session.signIn(workspace)
            return workspace.model.customerList(visibleTo: me.account.id).map(\.name)
        }
    }

    private static func names(for words: [String], _ list: (Workspace, Session) throws -> [String]) -> [String] {
        guard let options = try? GlobalOptions.parse(globalArguments(in: words)) else { return [] }
        let session = Session(options)
        guard let workspace = try? session.open() else { return [] }
        defer { workspace.close() }
        return ((try? list(workspace, session)) ?? []).sorted()
    }

    /// `--data` and `--as` with their values, from wherever they stand among `words`.
    static func globalArguments(in words: [String]) -> [String] {
        var found: [String] = []
        var index = words.startIndex
        while index < words.endIndex {
            let word = words[index]
            if ["--data", "--as"].contains(word), index + 1 < words.endIndex, !words[index + 1].isEmpty {
                found += [word, words[index + 1]]
                index += 1
            } else if word.hasPrefix("--data=") || word.hasPrefix("--as=") {
                found.append(word)
            }
            index += 1
        }
        return found
    }
}
