import Foundation
import PartnerCore
import PartnerStore

/// Export (`e`) of the Customers page: the customers as filtered on screen, as CSV in
/// the workspace's `exports/` folder (the folder 0700, the file 0600: partner data).
/// Headers are the Partner Center's field names, so the file reads like its API.
enum CustomerExport {
    static let header = [
        "id", "companyName", "domain", "associatedPartnerId", "associatedPartnerName",
        "relationships", "subscriptions", "createdAt",
    ]

    /// The CSV text: a header, then one record per customer, in the order given.
    /// `relationships` names the resellers of record; `subscriptions` counts the active ones.
    static func csv(_ customers: [CustomerID], model: PartnerModel) -> String {
        var out = record(header)
        for id in customers {
            guard let c = model.customers[id] else { continue }
            let active = model.subscriptions(of: id).filter { $0.status == .active }.count
            out += record([
                c.id.description, c.companyProfile.companyName, c.companyProfile.domain,
                c.associatedPartnerId?.description ?? "", c.associatedPartnerId.map { model.partnerName($0) } ?? "",
                c.relationships.map { model.partnerName($0.partnerId) }.joined(separator: "; "),
                String(active), c.createdAt.formatted(.iso8601),
            ])
        }
        return out
    }

    /// Writes the file and returns where. Names carry the time (UTC) and never replace
    /// an earlier export.
    static func write(_ csv: String, workspace: URL, now: Date) throws -> URL {
        let folder = workspace.appendingPathComponent("exports", isDirectory: true)
        try PrivateFiles.makeDirectory(folder)
        let stamp = now.formatted(Date.ISO8601FormatStyle(dateSeparator: .omitted, timeSeparator: .omitted, timeZone: .gmt))
            .replacingOccurrences(of: "Z", with: "")
        var url = folder.appendingPathComponent("customers-\(stamp).csv")
        var n = 2
        while FileManager.default.fileExists(atPath: url.path) {
            url = folder.appendingPathComponent("customers-\(stamp)-\(n).csv")
            n += 1
        }
        try PrivateFiles.write(Data(csv.utf8), to: url)
        return url
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled,
    /// records end with CRLF.
    static func field(_ value: String) -> String {
        // A spreadsheet runs a cell that starts with = + - @ as a formula; a name is
        // data, so such a cell gets a leading apostrophe (OWASP's CSV injection advice).
        var value = value
        if let first = value.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }
}
