import Foundation
import PartnerCore
import PartnerWorkspace
import TestSupport

/// `partnerdash import` as a script runs it (docs/SCRIPTING.md › Importing): 10,000 of the
/// workspace's customers, then their subscriptions, in the export's own CSV, imported by the
/// release binary into an empty twin (`gen`'s provider and resellers, the same seed, no
/// customers). The whole command is timed: open, parse, check every row, one record, one sync.
extension Bench {
    static let importedCustomers = 10_000

    func measureImport(catalog: OfferCatalog, model: PartnerModel) throws {
        guard let binary = partnerdashBinary() else {
            report.notes.append("import: skipped, no partnerdash binary next to this program (pass --binary)")
            return
        }
        let scratch = root.appendingPathComponent("scratch-import")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let customers = Array(model.customers.values.prefix(Self.importedCustomers))
        let subscriptions = customers.flatMap { model.subscriptions(of: $0.id) }
        let files = (customers: scratch.appendingPathComponent("customers.csv"), subscriptions: scratch.appendingPathComponent("subscriptions.csv"))
        try Data(model.exportCustomers(customers).csv.utf8).write(to: files.customers)
        try Data(model.exportSubscriptions(subscriptions, catalog: catalog).csv.utf8).write(to: files.subscriptions)
        let twin = scratch.appendingPathComponent("twin")
        let world = try SyntheticWorld.build(resellers: options.resellers, customers: 0, seed: options.seed, names: Self.names(),
                                             catalog: catalog, now: QuantityWriter.worldDate)
        try Workspace.create(at: twin, catalog: catalog, from: world).close()

        say("import of \(customers.count) customers and \(subscriptions.count) subscriptions (\(options.runs) runs) with \(binary)…")
        var customerRuns: [Double] = [], subscriptionRuns: [Double] = []
        for run in 0..<options.runs {
            let target = scratch.appendingPathComponent("target\(run)")
            try FileManager.default.copyItem(at: twin, to: target)
            defer { try? FileManager.default.removeItem(at: target) }
            customerRuns.append(try timedImport(binary, "customers", files.customers, into: target, expecting: customers.count))
            subscriptionRuns.append(try timedImport(binary, "subscriptions", files.subscriptions, into: target,
                                                    expecting: subscriptions.count))
        }
        let section = "Import (partnerdash import, the whole command: open, check every row, one record, one sync)"
        report.add(section, "\(customers.count) customers", Samples(customerRuns), key: "import.customers", goal: "seconds, not minutes")
        report.add(section, "their \(subscriptions.count) subscriptions", Samples(subscriptionRuns), key: "import.subscriptions",
                   goal: "seconds, not minutes")
    }

    /// One `partnerdash import` run, in milliseconds; it must import every row.
    private func timedImport(_ binary: String, _ resource: String, _ file: URL, into workspace: URL, expecting rows: Int) throws -> Double {
        let out = workspace.appendingPathExtension("out")
        defer { try? FileManager.default.removeItem(at: out) }
        let (status, ms) = try timed {
            try Spawn.run(binary, ["import", resource, file.path, "--json", "--data", workspace.path, "--as", Self.signIn],
                          environment: Self.childEnvironment, stdout: .file(out.path))
        }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any]
        guard status == 0, summary?["imported"] as? Int == rows else {
            throw Spawn.Failure(description: "import \(resource) exited \(status) with \(String(describing: summary)); \(rows) rows expected")
        }
        return ms
    }
}
