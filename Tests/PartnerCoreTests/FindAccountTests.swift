import Foundation
import PropertyBased
import Testing
@testable import PartnerCore

/// Finding an account by what people type compares every account's name and domain
/// lowercased; the comparison skips the lowercased copy when both sides are ASCII, and
/// must answer exactly as the copy would, for any text.
struct FindAccountTests {
    /// Pieces that lowercasing or Unicode's equivalence treat specially: the Kelvin sign is
    /// canonically a K, a decomposed é equals the composed one, İ lowercases to two scalars.
    static let pieces = ["a", "Z", "K", "\u{212A}", "k", "é", "E\u{301}", "e\u{301}", "İ", "i", "ß", "SS", "-", ".", "0", " ", "Ω", "@"]

    static func text(_ seed: UInt64) -> String {
        var random = SeededFreshValues(seed: seed)
        return (0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    @Test func theASCIIComparisonAnswersAsLowercasingDoes() async {
        await propertyCheck(count: 2_000, input: Gen<UInt64>.value(), Gen<UInt64>.value()) { a, b in
            let text = Self.text(a), other = Self.text(b)
            for lowered in [other.lowercased(), text.lowercased(), other] {
                #expect(PartnerModel.lowercased(text, equals: lowered) == (text.lowercased() == lowered),
                        "\(text.unicodeScalars.map(\.value)) against \(lowered.unicodeScalars.map(\.value))")
            }
        }
    }

    @Test func anAccountIsFoundByItsNameInAnyCase() throws {
        let w = try World.standard()
        let account = try #require(w.model.accounts[w.r1.account])
        for typed in [account.legalName.uppercased(), account.legalName.lowercased(), account.mpnId, account.tenantDomain.uppercased()] {
            #expect(try w.model.findAccount(typed).id == account.id, "\(typed)")
        }
    }
}
