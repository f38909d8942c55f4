import PartnerCore
import TerminalKit

extension DashboardSession {
    /// What every form's Submit does after its own checks: runs the command (as the
    /// signed-in user, or as `actor`) and, when it is refused, shows the refusal beside the
    /// field it names (`RefusalPlacing`). What is left for the page (a refusal no field
    /// took, "Not added: …", or a failure of the disk) is the outcome's `notice`.
    func submit(_ command: Command, as actor: Actor? = nil, doing what: String,
                placing fields: inout some RefusalPlacing) -> Submitted {
        do {
            return Submitted(receipt: try actor.map { try execute(command, as: $0) } ?? execute(command), notice: nil)
        } catch let refusal as DomainError {
            return Submitted(receipt: nil, notice: fields.show(refusal) ? nil : "\(what): \(refusal.message)")
        } catch {
            return Submitted(receipt: nil, notice: CommandFailure.message(error, doing: what))
        }
    }
}

/// What a Submit came to: the receipt when the command went through, else the line for the
/// page (nil when a field shows the refusal).
struct Submitted {
    let receipt: Receipt?
    let notice: String?

    /// Puts the outcome's line in the page's notice (clearing it when there is none) and
    /// returns the receipt, if the command went through.
    func receipt(notice page: inout String?) -> Receipt? {
        page = notice
        return receipt
    }
}

/// The page of a one-form screen: a paragraph saying what the form is for, the notice
/// (a refusal no field took, a failure), then the form below.
enum FormPage {
    @MainActor
    static func render<ID>(_ intro: String, notice: String?, form: inout Form<ID>, into grid: inout CellGrid, area: Rect) {
        var y = Paragraph.write(intro, into: &grid, area: area, row: area.row)
        if let notice { y = Paragraph.write(notice, into: &grid, area: area, row: y, style: .warning) }
        form.render(into: &grid, area: Rect(row: y + 1, col: area.col, height: area.bottom - y - 1, width: area.width))
    }
}
