import Foundation
import PartnerCore
import PartnerResources
import PartnerWorkspace

/// `partnerdash-crash-writer --invitations DIR`: opens the demo workspace at DIR as the
/// CLI does (which settles the outbox), then, as Fabrikam's admin, sends invitations to
/// new customers forever, each like `resellers request` (draft, then send through
/// `Workspace.execute`, whose mail is staged, journaled and published), printing
/// `ack <link>` once `execute` returns. OutboxKillTests kills it at random moments.
func invitationWriter(directory: String) throws -> Never {
    let catalog = OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
    let workspace = try Workspace.open(at: URL(fileURLWithPath: directory), catalog: catalog)
    guard let mia = workspace.model.user(principal: "mia@fabrikamsolutions.onmicrosoft.com") else {
        say("error no Fabrikam admin")
        exit(1)
    }
    say("open \(workspace.model.lastSequence)")
    var n = workspace.model.invitations.count
    while true {
        n += 1
        let draft = try workspace.draftInvitation(to: .customer(email: "it\(n)@kill.example", existing: nil), as: .user(mia.id))
        try workspace.execute(.sendInvitation(draft, body: draft.body), as: .user(mia.id))
        say("ack \(draft.link)")
    }
}
