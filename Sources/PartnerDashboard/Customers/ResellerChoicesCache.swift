import Foundation
import PartnerCore
import Synchronization

/// The reseller picker's choices, kept for as long as the resellers they list stay the same
/// (ids and legal names). Sorting 2,000 names with `localizedStandardCompare` took 114–185 ms
/// (1M and 200k customers, load 4–9), so a change elsewhere (another process's customer, a
/// licence change) must not make the next `f` sort them again, and a provider's Customers
/// page has them made on another thread when it opens: the first `f` finds them ready.
final class ResellerChoicesCache: Sendable {
    private struct Entry: Sendable {
        let names: [AccountID: String]
        let choices: ResellerPicker.Choices
    }

    /// The list sorted last, and how many lists were sorted (tests).
    private let state = Mutex<(last: Entry?, sorts: Int)>((nil, 0))
    private let start: @Sendable (@escaping @Sendable () -> Void) -> Void

    /// `start` runs `prepare`'s work: a new thread, or at once in tests.
    init(start: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void = { work in Thread.detachNewThread(work) }) {
        self.start = start
    }

    /// How many times a list was sorted (tests).
    var sorts: Int { state.withLock { $0.sorts } }

    /// The choices listing `resellers`, in any order: sorted and folded once per list.
    func choices(listing resellers: [PartnerAccount]) -> ResellerPicker.Choices {
        let names = Dictionary(resellers.map { ($0.id, $0.legalName) }, uniquingKeysWith: { first, _ in first })
        if let entry = state.withLock({ $0.last }), entry.names == names { return entry.choices }
        let choices = ResellerPicker.Choices(PartnerAccount.byName(resellers))
        state.withLock { $0 = (Entry(names: names, choices: choices), $0.sorts + 1) }
        return choices
    }

    /// Makes the choices for `resellers` away from the keys, unless they are made already.
    func prepare(listing resellers: [PartnerAccount]) {
        start { [self] in _ = choices(listing: resellers) }
    }
}
