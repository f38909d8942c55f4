import PropertyBased
import Testing
@testable import PartnerCore

/// `AppendOnlyLog` (the audit log's storage) against a plain array doing the same appends,
/// with copies taken along the way as a snapshot takes one: a copy never changes after.
struct AppendOnlyLogTests {
    @Test func behavesAsAnArrayAndItsCopiesStayAsTheyWere() async {
        await propertyCheck(count: 150, input: Gen<UInt64>.value()) { seed in
            var random = SeededFreshValues(seed: seed)
            var log = AppendOnlyLog<Int>(), array: [Int] = []
            var frozen: [(AppendOnlyLog<Int>, [Int])] = []
            // Runs long enough to cross several chunk boundaries (1,024 elements each).
            for _ in 0..<Int(random.next() % 12) {
                let run = Int(random.next() % 700)
                for _ in 0..<run {
                    let value = Int(truncatingIfNeeded: random.next())
                    log.append(value)
                    array.append(value)
                }
                if random.next() % 2 == 0 { frozen.append((log, array)) }
            }
            #expect(Array(log) == array)
            #expect(log.count == array.count)
            #expect(log.last == array.last)
            #expect(Array(log.reversed()) == Array(array.reversed()))
            if !array.isEmpty {
                let at = Int(random.next() % UInt64(array.count))
                #expect(log[at] == array[at])
            }
            for (copy, expected) in frozen {
                #expect(Array(copy) == expected)
                #expect(copy == AppendOnlyLog(expected))
                #expect((copy == log) == (expected == array))
            }
        }
    }

    @Test func equalityIsByElements() {
        let a: AppendOnlyLog = [1, 2, 3]
        var b = AppendOnlyLog([1, 2])
        #expect(a != b)
        b.append(3)
        #expect(a == b)
        b.append(contentsOf: [4])
        #expect(a != b)
        #expect(AppendOnlyLog<Int>() == [])
    }

    @Test func appendingToACopyCopiesNoFullChunk() {
        var log = AppendOnlyLog(0..<5_000)
        let frozen = log
        log.append(5_000)
        // 5,000 elements fill four chunks of 1,024 and part of a fifth; only the part is copied.
        #expect(log.chunksShared(with: frozen) == 4)
        #expect(Array(frozen) == Array(0..<5_000))
        #expect(Array(log) == Array(0...5_000))
    }

    /// A writer's model is often shared with a copy someone holds (a screen, a command's
    /// loop, a snapshot): the next commit's audit record must not copy the whole chunk
    /// being filled (up to 1,023 records, each retained and later released: a fifth of a
    /// command's CPU), only the small piece it goes into.
    @Test func appendingToACopyCopiesOnlyTheLastFewElements() {
        // (Not the append that fills a chunk: its pieces become one chunk, once in 1,024.)
        for size in [5_000, 5_118, 5_120, 1, 31, 32, 33] {
            var log = AppendOnlyLog(0..<size)
            let frozen = log
            log.append(size)
            #expect(log.elementsShared(with: frozen) >= size - 31, "appending after \(size) copied \(size - log.elementsShared(with: frozen)) elements")
            #expect(Array(frozen) == Array(0..<size))
            #expect(Array(log) == Array(0...size))
        }
    }
}
