import Foundation
import PartnerCore
import Testing
import TestSupport
@testable import PartnerWorkspace

/// Every kind of mail the program sends is a standard message (TestSupport's
/// `StrictMail`, written apart from the writer): for long and non-ASCII names, and for
/// text no rule would let in.
struct OutboxMailTests {
    /// 120 characters, the field tables' maximum for a legal name: accents, CJK, an emoji.
    static let longName = String(("Größhändler Ünïcödé 日本語株式会社 Société Générale d'Équipement 🎉 Łódź Ørsted Þór "
        + String(repeating: "Ω", count: 60)).prefix(120))

    /// The demo world, then a reseller with `longName` through every mail it can cause:
    /// verification, approval, a partnership invitation, its end, and a rejected review.
    static func worldSendingEveryKindOfMail() throws -> WorldBuilder {
        var w = try TestWorlds.demo()
        let ana = try #require(w.model.user(principal: DemoWorld.providerAdmin)).id
        let enrollment = Self.enrollment(prefix: "grosshandel", mpn: "4790555")
        let (reseller, admin) = try w.enrollActiveReseller(enrollment, country: "DE")
        let draft = try w.invite(.reseller(reseller), as: .user(ana))
        try w.run(.authorizeProvider(invitation: draft.id, token: draft.token, authorized: true), as: .user(admin))
        try w.run(.endPartnership(partner: reseller), as: .user(ana))
        // No organization profile in the Membership Center: the review rejects it, by mail.
        let rejected = try w.run(.enrollReseller(Self.enrollment(prefix: "ablehnung", mpn: "4790666")), as: .enrollee)
        let account = try #require(rejected.createdId)
        let rejectedAdmin = try #require(w.model.users.values.first { $0.accountId == account }).id
        try w.run(.verifyEnrollmentEmail(account: account, code: rejected.verificationCode ?? ""), as: .user(rejectedAdmin))
        try w.run(.reviewEnrollment(account: account), as: .user(rejectedAdmin))
        return w
    }

    static func enrollment(prefix: String, mpn: String) -> ResellerEnrollment {
        ResellerEnrollment(
            tenant: .create(prefix: prefix), tenantCountry: "DE", pmcUserName: "admin@\(prefix).example", mpnId: mpn,
            legalName: longName,
            address: PostalAddress(line1: "Königsallee 1", city: "Düsseldorf", postalCode: "40212", country: "DE"),
            primaryContact: PrimaryContact(name: "Zoë Ærøskøbing-Ñúñez 王秀英", email: "zoe@\(prefix).example", phone: "+49 211 555 0100"),
            supportContact: SupportInfo(email: "hilfe@\(prefix).example", phone: "+49 211 555 0199", url: "https://\(prefix).example/hilfe"),
            adminDisplayName: "Zoë Ærøskøbing-Ñúñez", adminUserName: "zoe")
    }

    /// What the body must decode to: the text with "\n" line ends.
    static func decodedBody(_ body: String) -> String {
        body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") + "\n"
    }

    @Test func everyMailTheProgramSendsIsStandardAndDecodesToWhatWasSent() throws {
        let world = try Self.worldSendingEveryKindOfMail()
        let kinds = Set(try world.outbox.compactMap { try world.model.auditRecord(at: $0.sequence)?.operationType })
        #expect(kinds == [.enroll_partner, .review_enrollment, .create_invitation, .end_partner_relationship])
        #expect(world.outbox.contains { $0.mail.subject.contains(Self.longName) })
        try withTemporaryDirectory { dir in
            let workspace = try Workspace.create(at: URL(fileURLWithPath: dir.file("ws")), catalog: try TestWorlds.catalog(), from: world)
            let files = workspace.outbox.messages()
            #expect(files.count == world.outbox.count)
            for (file, sent) in zip(files, world.outbox) {
                guard let mail = strictMail(file, "every kind") else { continue }
                #expect(file.lastPathComponent == String(format: "%020llu-1.eml", sent.sequence))
                #expect(mail.header("Subject") == sent.mail.subject)
                #expect(mail.header("To") == sent.mail.to)
                #expect(mail.header("From") == sent.mail.from)
                #expect(mail.body == Self.decodedBody(sent.mail.body))
            }
        }
    }

    @Test(arguments: [
        ("a 10,000-character subject without a space", String(repeating: "A", count: 10_000), "body"),
        ("a long ASCII subject with spaces", String(repeating: "Contoso Distribution ", count: 400), "body"),
        ("a subject that looks encoded", "=?utf-8?B?SGk=?= and =?", "body"),
        ("combining marks and emoji", String(repeating: "e\u{301}\u{302}\u{303}👩‍👩‍👧‍👦", count: 300), "x"),
        ("spaces at the ends and doubled", "  Hello   there  ", "  trailing  \t\nline"),
        ("bare CR and LF and long lines", "Hi", "one\rtwo\nthree\r\n" + String(repeating: "word=value ", count: 500) + "\n\nend "),
        ("the invitation link", "Invitation",
         "Open partnerdash://invitation/7F1B2C3D-0000-4000-8000-000000000001?token=abcDEF123_-xyz0123456789abcdefghijABCDEFGHIJ to accept."),
        ("no body", "Empty", ""),
    ])
    func extremeTextIsStillAStandardMessage(_ what: String, _ subject: String, _ body: String) throws {
        let sent = OutgoingMail(to: "rita@contoso.example", from: "ana@northwind.example", subject: subject, body: body)
        let text = sent.rfc5322(date: Date(timeIntervalSince1970: 1_767_225_600), messageId: "1.1.abc")
        let mail = try StrictMail.parse(Array(text.utf8))
        #expect(mail.header("Subject") == subject.filter { $0 != "\t" }, "\(what)")
        #expect(mail.body == Self.decodedBody(body), "\(what)")
    }

    @Test func messageIdsDifferAcrossWorkspacesMadeFromTheSameWorld() throws {
        let world = try TestWorlds.demo()
        try withTemporaryDirectory { dir in
            var ids: [String] = []
            for name in ["one", "two"] {
                let workspace = try Workspace.create(at: URL(fileURLWithPath: dir.file(name)), catalog: try TestWorlds.catalog(), from: world)
                ids += try workspace.outbox.messages().map { try #require(try StrictMail.parse(contentsOf: $0).header("Message-ID")) }
            }
            #expect(ids.count == 2 * world.outbox.count)
            #expect(Set(ids).count == ids.count, "every Message-ID is unique")
        }
    }

    @Test func outboxNamesSortInCommitOrderPastAnyWidth() {
        let keys: [UInt64] = [9, 10, 99_999, 100_000, UInt64.max]
        let names = keys.map { StagedMail(key: MailRecordKey(sequence: $0, fingerprint: "0123456789abcdef"), number: 1).publishedName }
        #expect(names.sorted() == names)
        #expect(names.allSatisfy { $0.count == "00000000000000000000-1.eml".count })
    }
}

/// The file read by `StrictMail`, or nil with the rule it breaks recorded as an issue.
func strictMail(_ file: URL, _ context: String) -> StrictMail? {
    do {
        return try StrictMail.parse(contentsOf: file)
    } catch {
        Issue.record("\(file.lastPathComponent) is not a whole, standard message: \(error) (\(context))")
        return nil
    }
}
