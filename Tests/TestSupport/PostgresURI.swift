import Foundation

extension PostgresTestServer {
    /// A libpq keyword conninfo as the `postgresql://` URI `--data` takes, naming a workspace:
    /// `host=/tmp/x port=5 user=postgres dbname=t1` →
    /// `postgresql://postgres@/t1?host=%2Ftmp%2Fx&port=5&workspace=ws`. `user` replaces the login role.
    public static func uri(_ conninfo: String, workspace: String, user override: String? = nil) -> String {
        var pairs: [String: String] = [:]
        for word in conninfo.split(separator: " ") {
            let parts = word.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { pairs[String(parts[0])] = String(parts[1]) }
        }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        let given = pairs.removeValue(forKey: "user")
        let user = override ?? given
        let password = pairs.removeValue(forKey: "password")
        let database = pairs.removeValue(forKey: "dbname") ?? "postgres"
        var authority = ""
        if let user { authority = encoded(user) + (password.map { ":" + encoded($0) } ?? "") + "@" }
        let query = pairs.keys.sorted().map { "\($0)=\(encoded(pairs[$0] ?? ""))" } + ["workspace=\(encoded(workspace))"]
        return "postgresql://\(authority)/\(encoded(database))?" + query.joined(separator: "&")
    }
}
