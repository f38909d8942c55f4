import Foundation
import PartnerCore
import Testing

/// The rounds of a SIGKILL test: a random seed named in every round's context (so a
/// failure can be replayed), the required minimum of rounds on CI and more on a
/// developer's machine, and a time budget inside the test's limit, so that running out
/// ends with its own message rather than the limit's.
struct KillRounds {
    let seed = UInt64.random(in: 0...UInt64.max)
    let count: Int
    let budget: Duration

    init(onCI: Int, locally: Int, budget: Duration) {
        count = ProcessInfo.processInfo.environment["CI"] == "true" ? onCI : locally
        self.budget = budget
    }

    /// `body(round, context, random)` for each round, until the rounds or the budget run out.
    func run(_ body: (Int, String, inout SeededFreshValues) throws -> Void) rethrows {
        var random = SeededFreshValues(seed: seed)
        let deadline = ContinuousClock.now + budget
        for round in 0..<count {
            let context = "seed \(seed), round \(round)"
            guard ContinuousClock.now < deadline else {
                Issue.record("ran out of time after \(round) kills (\(context))")
                return
            }
            try body(round, context, &random)
        }
    }
}
