import ArgumentParser

struct Orders: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Orders for your customers.",
        discussion: """
            Examples:
              partnerdash orders add --customer "Alpine Ski" --offer m365-e3:5
            """, subcommands: [OrdersAdd.self], defaultSubcommand: OrdersAdd.self)
}
