#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import PartnerStore
import TestSupport

/// Where a decoded model's bytes go, structure by structure (issue 11, item 3). A fresh
/// process reads the newest snapshot and decodes it as `--child-same-rows` does, then
/// lets go of one structure at a time and reads what malloc got back (`mallinfo2`).
/// A structure's share is what only it holds: the model is taken apart first, so every
/// structure has one owner when it is freed. An entity collection is freed in two steps:
/// its storage with its values copied aside (chunks or tree nodes, the values inline in them),
/// then those values (the strings and arrays they point at, less the copy itself).
enum MemoryBreakdown {
    struct Share: Codable {
        var name: String
        var bytes: Int
        /// What it holds (entities, keys), for bytes per item.
        var count: Int
    }

    struct Result: Codable {
        var customers: Int
        var shares: [Share]
        /// Heap in use after the open, snapshot bytes freed; and VmHWM over the whole child.
        var steadyHeap: Int
        var peakResident: Int
    }

    /// Bytes malloc has handed out and not got back (-1 without glibc's `mallinfo2`).
    static func heapInUse() -> Int {
        #if canImport(Glibc)
        MallocHeap.bytesInUse() ?? -1
        #else
        -1
        #endif
    }

    /// A structure held by reference, so that it goes exactly when `freed` lets go of it:
    /// a local variable may be released by the optimiser at its last use, before or
    /// after the reading that was meant to bracket it.
    final class Held<Value> {
        var value: Value?
        init(_ value: Value?) { self.value = value }
    }

    /// What malloc gets back when `held` lets go of its value.
    static func freed<T>(_ held: Held<T>) -> Int {
        let before = heapInUse()
        held.value = nil
        return before - heapInUse()
    }

    static func measure(directory: String) throws -> Result {
        let start = heapInUse()
        let load = Held(try SnapshotFile.loadNewest(directory: directory, readableVersions: ModelCodec.readableVersions))
        guard let snapshot = load.value?.snapshot else { throw Spawn.Failure(description: "no snapshot in \(directory)") }
        // Read into anonymous mapped memory of its own (`ByteBuffer`), not malloc's: its size is the file's.
        let read = (try FileManager.default.attributesOfItem(atPath: snapshot.path)[.size] as? Int) ?? -1
        let auditOnDisk = snapshot.auditLogSectionBytes
        var reader = snapshot.payloadReader()
        let model = Held(try ModelCodec.decodeModel(&reader, version: snapshot.formatVersion))
        reader = BinaryReader([])
        load.value = nil
        let customerCount = model.value?.customers.count ?? 0
        var shares = [Share(name: "snapshot bytes, held while decoding (not malloc's: the file's size)", bytes: read, count: customerCount)]
        let steady = heapInUse() - start

        let customers = Held(model.value?.customers), subscriptions = Held(model.value?.subscriptions)
        let orders = Held(model.value?.orders), auditLog = Held(model.value?.auditLog)
        let byPartner = Held(model.value?.customersByPartner), byCustomer = Held(model.value?.subscriptionSlotsByCustomer)
        // The index the model holds (`takenDomains` would make a set of every domain's string).
        let domains = Held(model.value?.takenDomainIndex), termEnds = Held(model.value?.termEnds)
        shares.append(Share(name: "the rest (accounts, users, partnerships, small indexes)", bytes: freed(model), count: 0))

        func entities<Storage, Value>(_ name: String, _ storage: Held<Storage>, values: (Storage) -> [Value]) {
            let copied = Held(storage.value.map(values))
            let count = copied.value?.count ?? 0
            shares.append(Share(name: "\(name): storage, values inline", bytes: freed(storage), count: count))
            let copy = count * MemoryLayout<Value>.stride
            shares.append(Share(name: "\(name): strings and arrays they point at", bytes: freed(copied) - copy, count: count))
        }
        entities("customers", customers) { Array($0.values) }
        entities("subscriptions", subscriptions) { Array($0.values) }
        entities("orders", orders) { Array($0.values) }
        // Compact rows: a record is made only when it is read, so there are no values to copy aside.
        // A full chunk the open left in the snapshot costs only its summary here; its bytes stay on disk.
        let auditRecords = auditLog.value?.count ?? 0
        let fullChunks = auditRecords / 1_024, cold = auditLog.value?.coldChunkCount ?? 0
        let disk = auditOnDisk.map { "; \(Report.f(Double($0) / 1_048_576)) MiB on disk in the snapshot" } ?? ""
        shares.append(Share(name: "audit log: held in memory (\(cold) of \(fullChunks) full chunks left cold in the snapshot\(disk))",
                            bytes: freed(auditLog), count: auditRecords))
        let subscriptionCount = byCustomer.value?.reduce(0) { $0 + $1.value.count } ?? 0
        shares.append(Share(name: "index: customers by partner", bytes: freed(byPartner), count: customerCount))
        shares.append(Share(name: "index: subscriptions by customer", bytes: freed(byCustomer), count: subscriptionCount))
        shares.append(Share(name: "index: taken domains", bytes: freed(domains), count: customerCount))
        shares.append(Share(name: "index: term ends", bytes: freed(termEnds), count: subscriptionCount))
        return Result(customers: customerCount, shares: shares, steadyHeap: steady, peakResident: Machine.status("VmHWM") ?? -1)
    }
}

extension Bench {
    /// The `memory` part: `MemoryBreakdown` in a fresh process on the workspace's snapshot,
    /// one row per structure in bytes per customer (and per item it holds).
    func measureMemoryBreakdown() throws {
        say("memory, structure by structure…")
        let result = try Children.measure(["--child-memory", workspaceDirectory.path], as: MemoryBreakdown.Result.self)
        let section = "Memory by structure (malloc's bytes freed with each, a fresh process decoding the snapshot)"
        let customers = Double(max(result.customers, 1))
        report.add(section, "model after decoding, per customer", unit: "bytes", ours: Double(result.steadyHeap) / customers,
                   "\(Report.f(Double(result.steadyHeap) / 1_048_576)) MiB for \(result.customers) customers; "
                       + "peak resident of that process \(Report.f(Double(result.peakResident) / 1_048_576)) MiB")
        for share in result.shares {
            let each = share.count > 0 ? "; \(Report.f(Double(share.bytes) / Double(share.count))) bytes for each of \(share.count)" : ""
            report.add(section, "  " + share.name + ", per customer", unit: "bytes", ours: Double(share.bytes) / customers,
                       "\(Report.f(Double(share.bytes) / 1_048_576)) MiB" + each)
        }
    }
}
