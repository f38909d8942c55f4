import Foundation

/// Which of the store's file system calls fail, for tests: a disk that returns EIO, fills
/// up (ENOSPC, a short write), loses an fsync, is mounted read-only (EROFS) or denies
/// access (EACCES). `FileSystem` and `POSIXFile` consult it before every path-level call
/// (and `WorkspaceLock` before opening the directory), so a test can fail the N-th call of
/// a workload for every N and prove that no failure is acknowledged or loses anything.
///
/// Bound per task (`FaultPlan.$current.withValue(plan) { … }`), never global: tests
/// running in parallel each see only their own plan; threads the store starts itself (a
/// background checkpoint, the snapshot decoders) see none. Only debug builds consult it;
/// a release build makes the system calls directly.
public final class FaultPlan: @unchecked Sendable {
    @TaskLocal public static var current: FaultPlan?

    /// A kind of call, as the plan counts and fails them.
    public enum Call: String, Sendable, CaseIterable {
        case openToRead = "open-read"
        /// An open that may create or change a file (O_WRONLY, O_RDWR, O_CREAT).
        case openToWrite = "open-write"
        case read, write
        /// fsync or fdatasync, of a file or a directory.
        case sync
        /// sync_file_range: a piece of a file being written handed to the device early, or
        /// waited for (no durability of its own; the file's fsync gives that).
        case writeback
        case rename, remove, makeDirectory = "mkdir", changeMode = "chmod", truncate
        case status = "stat"
        case list

        /// The calls a read-only file system refuses with EROFS.
        public static let changingTheDisk: Set<Call> = [.openToWrite, .write, .sync, .writeback, .rename, .remove,
                                                         .makeDirectory, .changeMode, .truncate]
    }

    public enum Fault: Sendable, Equatable {
        /// The call fails with this errno and does nothing.
        case error(Int32)
        /// A write stores half its bytes and returns that count; every later write fails with
        /// ENOSPC (the disk is full).
        case shortWrite
    }

    /// One call the plan saw: its kind and path.
    public struct Made: Sendable, Equatable, CustomStringConvertible {
        public var call: Call
        public var path: String
        /// Whether the plan failed it (or cut it short).
        public var faulted = false
        public var description: String { "\(call.rawValue) \(path)" + (faulted ? " (failed)" : "") }
    }

    private let calls: Set<Call>
    private let fault: Fault
    private let onlyNumber: Int?
    private let pathPrefix: String?
    private let lock = NSLock()
    private var made: [Made] = []
    private var matching = 0
    private var injectedCall: Made?
    private var diskFull = false

    /// Fails the calls of the kinds in `calls` under `pathPrefix` (any path when nil) with
    /// `fault`: each of them, or only the `onlyNumber`-th (counted from 1 among those calls).
    public init(failing calls: Set<Call>, with fault: Fault, onlyNumber: Int? = nil, under pathPrefix: String? = nil) {
        self.calls = calls
        self.fault = fault
        self.onlyNumber = onlyNumber
        self.pathPrefix = pathPrefix
    }

    /// A plan that fails nothing and only counts: to learn how many calls a workload makes.
    public static func counting() -> FaultPlan { FaultPlan(failing: [], with: .error(EIO)) }

    /// Every call seen so far, in order.
    public var callsMade: [Made] { lock.withLock { made } }

    /// The call the fault was injected into (the first, when it is injected into several).
    public var injected: Made? { lock.withLock { injectedCall } }

    /// The fault to inject into this call, if any; counts it.
    func fault(for call: Call, path: String) -> Fault? {
        lock.withLock {
            let fault = decide(call, path)
            made.append(Made(call: call, path: path, faulted: fault != nil))
            if fault != nil && injectedCall == nil { injectedCall = made.last }
            return fault
        }
    }

    private func decide(_ call: Call, _ path: String) -> Fault? {
        if call == .write && diskFull { return .error(ENOSPC) }
        guard calls.contains(call), pathPrefix.map({ path.hasPrefix($0) }) ?? true else { return nil }
        matching += 1
        if let onlyNumber, onlyNumber != matching { return nil }
        if fault == .shortWrite { diskFull = true }
        return fault
    }

    /// The errno the bound plan makes this call fail with (a short write is not an error
    /// here), or nil: the caller then makes the call.
    @inline(__always)
    static func failure(of call: Call, path: String) -> Int32? {
        #if DEBUG
        guard let plan = current, let fault = plan.fault(for: call, path: path) else { return nil }
        if case let .error(code) = fault { return code }
        return nil
        #else
        return nil
        #endif
    }

    /// How many of `count` bytes a write may store under the bound plan: all of them, half
    /// for a short write, or an errno.
    @inline(__always)
    static func writable(_ count: Int, path: String) -> Result<Int, SystemErrorCode> {
        #if DEBUG
        guard let plan = current, let fault = plan.fault(for: .write, path: path) else { return .success(count) }
        switch fault {
        case let .error(code): return .failure(SystemErrorCode(code: code))
        case .shortWrite: return .success(count / 2)
        }
        #else
        return .success(count)
        #endif
    }
}

/// An errno as an `Error`, for `FaultPlan.writable`.
struct SystemErrorCode: Error {
    var code: Int32
}

extension FaultPlan {
    /// A plan from its text form, for the `PARTNERDASH_FAULTS` variable of a debug build
    /// (tests of the executable): `ERRNO:call,call…[:path prefix]`, for example
    /// `EROFS:changing` (every call that changes the disk) or `EACCES:open-read,stat,list:/srv/ws`.
    /// Nil when the text does not parse.
    public static func parse(_ text: String) -> FaultPlan? {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, let code = errnoNames[parts[0]] else { return nil }
        var calls: Set<Call> = []
        for name in parts[1].split(separator: ",").map(String.init) {
            if name == "changing" {
                calls.formUnion(Call.changingTheDisk)
            } else if let call = Call(rawValue: name) {
                calls.insert(call)
            } else {
                return nil
            }
        }
        return FaultPlan(failing: calls, with: .error(code), under: parts.count == 3 ? parts[2] : nil)
    }

    private static let errnoNames: [String: Int32] = [
        "EIO": EIO, "ENOSPC": ENOSPC, "EROFS": EROFS, "EACCES": EACCES, "EPERM": EPERM, "EDQUOT": EDQUOT,
    ]
}
